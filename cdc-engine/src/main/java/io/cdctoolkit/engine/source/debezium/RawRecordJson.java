package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * A Debezium record's value as plain JSON (Kafka Connect's {@link JsonConverter}, no schema
 * envelope), for the dead letter of a record the reader could not convert: NULLs stay null (not the
 * column default) and decimals are numbers, so the dead letter holds what the database sent.
 */
final class RawRecordJson {

    private final JsonConverter converter = new JsonConverter();

    RawRecordJson() {
        converter.configure(Map.of("schemas.enable", "false", "replace.null.with.default", "false",
                "decimal.format", "NUMERIC"), false);
    }

    /** The record's value as UTF-8 JSON, or null when Connect cannot render it. */
    byte[] render(SourceRecord record) {
        try {
            return converter.fromConnectData(record.topic(), record.valueSchema(), record.value());
        } catch (RuntimeException e) {
            return null; // the column and reason still reach the dead letter
        }
    }
}
