package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.FieldType;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of a header copied from an envelope field: the value's text in UTF-8, as Kafka Connect's
 * default {@code SimpleHeaderConverter} writes the typed header Debezium adds (a number as its decimal
 * digits, a boolean as {@code true}/{@code false}, a string as itself); null stays null. Only
 * scalar types are accepted: the text of a date, bytes or a nested row would be a format of our own.
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Whether a field of {@code type} can become a header. */
    static boolean supports(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, STRING, JSON, ENUM, UUID -> true;
            default -> false;
        };
    }

    /** The header bytes of a value of a {@link #supports supported} type. */
    static byte[] bytes(Object value) {
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
