package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;

import java.util.Objects;

/**
 * An encoded record on its way to a sink.
 *
 * @param topic   destination topic
 * @param key     key bytes, or null
 * @param value   value bytes, or null for a tombstone
 * @param headers record headers in Kafka's model (ordered, repeatable, byte values)
 * @param format  what the key and value bytes are
 * @param event   the change event the record was encoded from (for error reports; never written)
 */
public record SinkRecord(String topic, byte[] key, byte[] value, Headers headers,
                         PayloadFormat format, ChangeEvent event) {

    public SinkRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(format, "format");
        if (headers == null) headers = Headers.EMPTY;
    }

    /**
     * Whether this is a dead-letter record: one written elsewhere than its event's own topic (the pipeline's
     * {@code dead_letter_topic}); a record of the event itself always goes to the event's topic.
     */
    public boolean isDeadLetter() {
        return event != null && !topic.equals(event.topic());
    }

    /** Bytes this record weighs for in-flight accounting. */
    public long sizeInBytes() {
        long size = topic.length();
        if (key != null) size += key.length;
        if (value != null) size += value.length;
        return size + headers.sizeInBytes();
    }
}
