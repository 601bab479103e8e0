package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Sink records for the stream sink tests. */
final class Records {

    private Records() {
    }

    static SinkRecord json(String topic, String key, String value) {
        return new SinkRecord(topic, bytes(key), bytes(value), Headers.EMPTY, PayloadFormat.JSON, null);
    }

    static SinkRecord json(String topic, String key, String value, Map<String, String> headers) {
        return new SinkRecord(topic, bytes(key), bytes(value), Headers.ofStrings(headers), PayloadFormat.JSON, null);
    }

    static SinkRecord binary(String topic, byte[] key, byte[] value) {
        return new SinkRecord(topic, key, value, Headers.EMPTY, PayloadFormat.BINARY, null);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
