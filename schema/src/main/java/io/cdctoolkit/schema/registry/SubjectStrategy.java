package io.cdctoolkit.schema.registry;

import java.util.Locale;

/**
 * How a record's subject is named, as Confluent's {@code TopicNameStrategy},
 * {@code RecordNameStrategy} and {@code TopicRecordNameStrategy} name it.
 */
public enum SubjectStrategy {
    /** {@code <topic>-key} / {@code <topic>-value} (the default). */
    TOPIC,
    /** {@code <fully.qualified.RecordName>}: one subject per record type, across topics. */
    RECORD,
    /** {@code <topic>-<fully.qualified.RecordName>}. */
    TOPIC_RECORD;

    /**
     * The subject for a key or value on {@code topic} whose top-level type is {@code recordName}.
     */
    public String subject(String topic, boolean key, String recordName) {
        return switch (this) {
            case TOPIC -> topic + (key ? "-key" : "-value");
            case RECORD -> recordName;
            case TOPIC_RECORD -> topic + "-" + recordName;
        };
    }

    /** Parses {@code topic}, {@code record}, {@code topic_record} (case-insensitive). */
    public static SubjectStrategy parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
