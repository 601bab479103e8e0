package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An encoded record on its way to a sink.
 *
 * @param topic   destination topic
 * @param key     key bytes, or null
 * @param value   value bytes, or null for a tombstone
 * @param headers record headers in order (copied, immutable)
 * @param format  what the key and value bytes are
 * @param event   the change event the record was encoded from (for error reports; never written)
 */
public record SinkRecord(String topic, byte[] key, byte[] value, Map<String, String> headers,
                         PayloadFormat format, ChangeEvent event) {

    public SinkRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(format, "format");
        headers = headers == null || headers.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Bytes this record weighs for in-flight accounting. */
    public long sizeInBytes() {
        long size = topic.length();
        if (key != null) size += key.length;
        if (value != null) size += value.length;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            size += h.getKey().length() + (h.getValue() == null ? 0 : h.getValue().length());
        }
        return size;
    }
}
