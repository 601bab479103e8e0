package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Exact conversions of row values to the numbers and bytes Avro's logical types hold. Each either
 * keeps every digit of the value or throws {@link IllegalArgumentException} naming the field: nothing
 * is rounded, truncated or re-zoned. Messages never include the value itself (it may be sensitive).
 */
final class AvroValues {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private AvroValues() {
    }

    /**
     * The {@code decimal} logical type's bytes: the big-endian two's-complement unscaled value at the
     * column's scale. A smaller scale is widened (appending zeros is exact); a larger scale or more
     * digits than the precision is rejected rather than rounded.
     */
    static byte[] decimalBytes(BigDecimal value, FieldType.Decimal type, String field) {
        if (value.scale() > type.scale()) {
            throw new IllegalArgumentException("field '" + field + "' (" + type + "): a value with scale "
                    + value.scale() + " does not fit without rounding");
        }
        BigDecimal scaled = value.setScale(type.scale());
        if (scaled.precision() > type.precision()) {
            throw new IllegalArgumentException("field '" + field + "' (" + type + "): a value with "
                    + (scaled.precision() - type.scale()) + " integer digits does not fit");
        }
        return scaled.unscaledValue().toByteArray();
    }

    /**
     * An integral value as a long, checked against the column's range: any of Byte, Short, Integer or
     * Long is accepted (stages may widen), but never a value the column's type cannot hold.
     */
    static long integral(Object value, long min, long max, FieldType type, String field) {
        long v;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            v = ((Number) value).longValue();
        } else {
            throw new IllegalArgumentException("field '" + field + "' (" + type + ") holds a "
                    + value.getClass().getName() + ", not an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("field '" + field + "' (" + type + "): the value is outside the type's range");
        }
        return v;
    }

    /** A float32 value: a Float, or a Double only when it is exactly a float. */
    static float float32(Object value, String field) {
        if (value instanceof Float f) return f;
        if (value instanceof Double d && (d.isNaN() || (double) d.floatValue() == d)) return d.floatValue();
        throw new IllegalArgumentException("field '" + field + "' (float32) holds a " + value.getClass().getName()
                + " that is not exactly a float");
    }

    /** A float64 value: a Double or a Float (widening a float is exact). */
    static double float64(Object value, String field) {
        if (value instanceof Double d) return d;
        if (value instanceof Float f) return f;
        throw new IllegalArgumentException("field '" + field + "' (float64) holds a " + value.getClass().getName());
    }

    /** Days since 1970-01-01 ({@code date}). */
    static int epochDays(LocalDate value, String field) {
        long days = value.toEpochDay();
        if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "' (date): the date is outside Avro's int day range");
        }
        return (int) days;
    }

    /** Microseconds since midnight ({@code time-micros}); a value with nanoseconds would lose them. */
    static long microsOfDay(LocalTime value, String field) {
        long nanos = value.toNanoOfDay();
        if (nanos % 1000 != 0) {
            throw new IllegalArgumentException("field '" + field + "' (time): the value has sub-microsecond digits,"
                    + " which time-micros cannot hold");
        }
        return nanos / 1000;
    }

    /** Microseconds since the epoch ({@code timestamp-micros}); nanoseconds or overflow are rejected. */
    static long epochMicros(Instant value, FieldType type, String field) {
        int nanos = value.getNano();
        if (nanos % 1000 != 0) {
            throw new IllegalArgumentException("field '" + field + "' (" + type + "): the value has sub-microsecond digits,"
                    + " which timestamp-micros cannot hold");
        }
        try {
            return Math.addExact(Math.multiplyExact(value.getEpochSecond(), MICROS_PER_SECOND), nanos / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + field + "' (" + type + "): the instant is outside"
                    + " timestamp-micros' range", e);
        }
    }
}
