package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.smt.FieldConversion;
import io.cdctoolkit.smt.FieldException;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * How {@code cast} converts one field, chosen once per input field type. Follows Kafka's {@code Cast}
 * (numbers, booleans and strings to each other; bytes to base64; Kafka's Date/Time/Timestamp numbers
 * for temporal types) except that nothing is lost silently: an integer target gets the exact value or
 * an error (Kafka wraps and truncates), a string that is not {@code true}/{@code false} is not a
 * boolean (Kafka reads it as false), a float overflowing its type is an error (Kafka gives infinity).
 */
final class CastConversions {

    /** Wall-clock timestamps: ISO-8601 with every microsecond digit, no zone (the column has none). */
    static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    /** Instants: ISO-8601 in UTC with every microsecond digit. */
    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Times of day with every microsecond digit. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private static final long MICROS_PER_MILLI = 1_000;

    private CastConversions() {
    }

    /** A step that converts one non-null value; the path is only for its errors. */
    @FunctionalInterface
    private interface Step {
        Object apply(Object value, String path) throws FieldException;
    }

    /**
     * The conversion of {@code input} to {@code target}.
     *
     * @throws SchemaMismatchException when Kafka's Cast cannot convert the field's type to the target
     *                                 either (bytes, uuid, arrays, maps and rows to anything but — for
     *                                 bytes and uuid — string), or the field's default does not convert
     */
    static FieldConversion compile(Field input, CastType target, String path, String option)
            throws SchemaMismatchException {
        Step step = step(input.type(), target);
        if (step == null) {
            throw new SchemaMismatchException(option, path, "cannot cast '" + path + "' (" + input.type() + ") to "
                    + target.spelling() + (supportsString(input.type()) ? " (only to string)" : ""));
        }
        Object defaultValue = null;
        if (input.defaultValue() != null) {
            try {
                defaultValue = step.apply(input.defaultValue(), path);
            } catch (FieldException e) {
                throw new SchemaMismatchException(option, path, "the default of '" + path + "' cannot be cast to "
                        + target.spelling() + ": " + e.reason());
            }
        }
        Field output = new Field(input.name(), target.fieldType(), input.optional(), defaultValue, input.doc());
        return new FieldConversion() {
            @Override
            public Field output() {
                return output;
            }

            @Override
            public Object convert(Object value) throws FieldException {
                return step.apply(value, path);
            }
        };
    }

    private static boolean supportsString(FieldType type) {
        return type.kind() == FieldType.Kind.BYTES || type.kind() == FieldType.Kind.UUID;
    }

    /** The step for a type pair, or null when the pair is not castable. */
    private static Step step(FieldType type, CastType target) {
        if (target == CastType.STRING) return toString(type);
        Step number = number(type);
        if (number == null) return null;
        return switch (target) {
            case BOOLEAN -> type.kind() == FieldType.Kind.BOOLEAN ? (v, p) -> v
                    : isText(type) ? CastConversions::parseBoolean
                    : (v, p) -> truth(number.apply(v, p), p);
            case FLOAT32, FLOAT64 -> isText(type) ? (v, p) -> parseFloat((String) v, target, p)
                    : (v, p) -> toFloat(number.apply(v, p), target, p);
            default -> isText(type) ? (v, p) -> parseInteger((String) v, target, p)
                    : (v, p) -> toInteger(number.apply(v, p), target, p);
        };
    }

    private static boolean isText(FieldType type) {
        return switch (type.kind()) {
            case STRING, JSON, ENUM -> true;
            default -> false;
        };
    }

    /**
     * How a value reads as a number (or stays text for the parsing steps): booleans as 1/0 and temporal
     * types as Kafka's logical numbers (Date: days since the epoch; Time: milliseconds of the day;
     * Timestamp: epoch milliseconds — microseconds that do not fit a millisecond are an error).
     */
    private static Step number(FieldType type) {
        return switch (type.kind()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL -> (v, p) -> v;
            case BOOLEAN -> (v, p) -> ((Boolean) v) ? 1L : 0L;
            case STRING, JSON, ENUM -> (v, p) -> v;
            case DATE -> (v, p) -> ((LocalDate) v).toEpochDay();
            case TIME -> (v, p) -> exactMillis(((LocalTime) v).toNanoOfDay() / 1_000, p);
            case TIMESTAMP, TIMESTAMP_TZ -> (v, p) -> exactMillis(epochMicros((Instant) v, p), p);
            default -> null;
        };
    }

    private static Step toString(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, UUID -> (v, p) -> v.toString();
            case STRING, JSON, ENUM -> (v, p) -> v;
            // Plain notation: Kafka's BigDecimal.toString writes 0.0000001 as "1E-7".
            case DECIMAL -> (v, p) -> ((BigDecimal) v).toPlainString();
            case BYTES -> (v, p) -> Base64.getEncoder().encodeToString((byte[]) v);
            case DATE -> (v, p) -> v.toString();
            case TIME -> (v, p) -> TIME.format((LocalTime) v);
            case TIMESTAMP -> (v, p) -> WALL_CLOCK.format((Instant) v);
            case TIMESTAMP_TZ -> (v, p) -> INSTANT.format((Instant) v);
            case ARRAY, MAP, STRUCT -> null;
        };
    }

    static long epochMicros(Instant instant, String path) throws FieldException {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new FieldException(path, "the timestamp is outside the range of epoch microseconds");
        }
    }

    private static long exactMillis(long micros, String path) throws FieldException {
        if (micros % MICROS_PER_MILLI != 0) {
            throw new FieldException(path, "has microseconds, which Kafka's millisecond number cannot hold");
        }
        return micros / MICROS_PER_MILLI;
    }

    private static Object toInteger(Object number, CastType target, String path) throws FieldException {
        long value;
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            value = ((Number) number).longValue();
        } else if (number instanceof BigDecimal decimal) {
            try {
                value = decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw new FieldException(path, decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0
                        ? "has a fraction, which " + target.spelling() + " cannot hold"
                        : "is out of range for " + target.spelling());
            }
        } else {
            double d = ((Number) number).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new FieldException(path, "is not a finite number, which " + target.spelling() + " cannot hold");
            }
            if (d != Math.rint(d)) throw new FieldException(path, "has a fraction, which " + target.spelling()
                    + " cannot hold");
            // 2^63 is exactly representable; every double in [-2^63, 2^63) converts exactly.
            if (d < -0x1p63 || d >= 0x1p63) throw outOfRange(path, target);
            value = (long) d;
        }
        return box(value, target, path);
    }

    private static Object parseInteger(String text, CastType target, String path) throws FieldException {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new FieldException(path, "is not an integer (" + target.spelling() + ")");
        }
        return box(value, target, path);
    }

    private static Object box(long value, CastType target, String path) throws FieldException {
        if (value < target.min() || value > target.max()) throw outOfRange(path, target);
        return switch (target) {
            case INT8 -> (byte) value;
            case INT16 -> (short) value;
            case INT32 -> (int) value;
            default -> value;
        };
    }

    private static FieldException outOfRange(String path, CastType target) {
        return new FieldException(path, "is out of range for " + target.spelling());
    }

    /** The nearest float of the target type, as Kafka's Cast (and SQL CAST) give; overflow is an error. */
    private static Object toFloat(Object number, CastType target, String path) throws FieldException {
        double asDouble = ((Number) number).doubleValue();
        Object out = target == CastType.FLOAT32 ? (Object) ((Number) number).floatValue() : (Object) asDouble;
        return finiteUnlessInput(out, number, target, path);
    }

    private static Object parseFloat(String text, CastType target, String path) throws FieldException {
        Object out;
        try {
            out = target == CastType.FLOAT32 ? (Object) Float.parseFloat(text) : (Object) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new FieldException(path, "is not a number (" + target.spelling() + ")");
        }
        boolean infinite = ((Number) out).doubleValue() == Double.POSITIVE_INFINITY
                || ((Number) out).doubleValue() == Double.NEGATIVE_INFINITY;
        if (infinite && !text.contains("Infinity")) throw outOfRange(path, target);
        return out;
    }

    private static Object finiteUnlessInput(Object out, Object input, CastType target, String path)
            throws FieldException {
        double result = ((Number) out).doubleValue();
        if (Double.isInfinite(result)) {
            boolean inputInfinite = (input instanceof Double d && d.isInfinite()) || (input instanceof Float f && f.isInfinite());
            if (!inputInfinite) throw outOfRange(path, target);
        }
        return out;
    }

    /** Zero is false, any other number true (Kafka: {@code longValue() != 0}, which makes 0.5 false). */
    private static Object truth(Object number, String path) throws FieldException {
        if (number instanceof BigDecimal decimal) return decimal.signum() != 0;
        if (number instanceof Double || number instanceof Float) {
            double d = ((Number) number).doubleValue();
            if (Double.isNaN(d)) throw new FieldException(path, "is NaN, which is neither true nor false");
            return d != 0;
        }
        return ((Number) number).longValue() != 0;
    }

    private static Object parseBoolean(Object value, String path) throws FieldException {
        String text = (String) value;
        if (text.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (text.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw new FieldException(path, "is not true or false (boolean)");
    }
}
