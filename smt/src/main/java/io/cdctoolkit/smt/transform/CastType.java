package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.FieldType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The types {@code cast} converts to: exactly the output types of Kafka's {@code Cast} (int8 … string).
 * Kafka casts to neither bytes nor decimal, and neither do we.
 */
enum CastType {
    INT8(FieldType.INT8, Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(FieldType.INT16, Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(FieldType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(FieldType.INT64, Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT32(FieldType.FLOAT32, 0, 0),
    FLOAT64(FieldType.FLOAT64, 0, 0),
    BOOLEAN(FieldType.BOOLEAN, 0, 0),
    STRING(FieldType.STRING, 0, 0);

    private final FieldType fieldType;
    private final long min;
    private final long max;

    CastType(FieldType fieldType, long min, long max) {
        this.fieldType = fieldType;
        this.min = min;
        this.max = max;
    }

    /** The field type values of this cast have. */
    FieldType fieldType() {
        return fieldType;
    }

    boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    /** Smallest value of an integer type. */
    long min() {
        return min;
    }

    /** Largest value of an integer type. */
    long max() {
        return max;
    }

    /** The spelling in a spec ({@code int32}). */
    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a spec names (case-insensitive, as Kafka), or empty. */
    static Optional<CastType> parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(upper)).findFirst();
    }

    /** The spellings, for messages. */
    static String spellings() {
        return String.join(", ", Arrays.stream(values()).map(CastType::spelling).toList());
    }
}
