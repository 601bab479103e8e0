package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.FieldType;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.data.VariableScaleDecimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Maps a Kafka Connect schema, as Debezium builds it (semantic names such as
 * {@code io.debezium.time.MicroTimestamp}), to a {@link FieldType} and a function turning a Connect
 * value into the Java value {@link FieldType} documents. Called once per column per table version;
 * the returned functions run per event.
 *
 * <p>The full table (source type → Debezium schema → FieldType → JSON) is in docs/sources/*.md.
 */
final class ConnectTypeMapper {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /**
     * The earliest date any supported database holds: 4714-11-24 BC (proleptic Gregorian), PostgreSQL's
     * minimum and Julian day 0. Debezium turns PostgreSQL {@code date 'infinity'} / {@code '-infinity'}
     * into epoch days below it (they differ between snapshot and stream), so anything earlier is not a date.
     */
    private static final long MIN_EPOCH_DAY = -2_440_588L;
    /**
     * Debezium's values for PostgreSQL {@code timestamp 'infinity'} / {@code '-infinity'} (pgjdbc's
     * constants, as epoch microseconds in {@code MicroTimestamp}), and the saturated ends of the
     * {@code long} range it gives timestamps beyond 294247 AD. None of them is the instant the column
     * holds, so they are unreadable rather than dates 290,000 years away.
     */
    private static final Set<Long> MICRO_TIMESTAMP_SENTINELS = Set.of(
            PGStatement.DATE_POSITIVE_INFINITY, PGStatement.DATE_NEGATIVE_INFINITY, Long.MAX_VALUE, Long.MIN_VALUE);
    /** The same for {@code io.debezium.time.Timestamp} ({@code timestamp(0..3)}): epoch milliseconds. */
    private static final Set<Long> MILLI_TIMESTAMP_SENTINELS = Set.of(
            PGStatement.DATE_POSITIVE_INFINITY / 1000, PGStatement.DATE_NEGATIVE_INFINITY / 1000,
            Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000, Long.MAX_VALUE, Long.MIN_VALUE);

    /**
     * The widest instants any supported database stores (PostgreSQL's {@code timestamptz} range).
     * pgjdbc decodes {@code '-infinity'} inside a {@code timestamptz[]} to a date some 292 million years
     * ahead, which Debezium passes on as if it were a real instant.
     */
    private static final Instant MIN_ZONED_TIMESTAMP = LocalDate.ofEpochDay(MIN_EPOCH_DAY).atStartOfDay(ZoneOffset.UTC)
            .minusDays(1).toInstant();
    private static final Instant MAX_ZONED_TIMESTAMP = LocalDate.of(294277, 1, 2).atStartOfDay(ZoneOffset.UTC).toInstant();

    private ConnectTypeMapper() {
    }

    /** A column's type and how to convert its Connect values (never called with null). */
    record Mapping(FieldType type, Function<Object, Object> convert) {
    }

    /**
     * Maps {@code schema}; {@code path} (e.g. {@code public.users.price}) names the column in errors.
     *
     * @throws IllegalArgumentException for a schema no rule covers (names the path)
     */
    static Mapping map(Schema schema, String path) {
        String name = schema.name();
        if (name != null) {
            Mapping semantic = semantic(schema, name);
            if (semantic != null) return semantic;
        }
        return structural(schema, path);
    }

    private static Mapping semantic(Schema schema, String name) {
        switch (name) {
            case org.apache.kafka.connect.data.Decimal.LOGICAL_NAME:
                return decimal(schema);
            case DecimalText.LOGICAL_NAME:
                return decimalText(schema);
            case ElementText.LOGICAL_NAME:
                return ElementTextMapping.of(schema);
            case TimeText.LOGICAL_NAME:
                return new Mapping(FieldType.TIME, v -> timeOfDay((String) v));
            case DurationMicrosText.LOGICAL_NAME:
                return new Mapping(FieldType.INT64, v -> durationMicros((String) v));
            case VariableScaleDecimal.LOGICAL_NAME:
                // Unconstrained NUMERIC: no fixed scale, so no decimal(p,s) type fits; exact text instead.
                return new Mapping(FieldType.STRING, v -> variableScaleText((Struct) v));
            case org.apache.kafka.connect.data.Date.LOGICAL_NAME:
                return new Mapping(FieldType.DATE,
                        v -> LocalDate.ofInstant(((java.util.Date) v).toInstant(), ZoneOffset.UTC));
            case org.apache.kafka.connect.data.Time.LOGICAL_NAME:
                return new Mapping(FieldType.TIME,
                        v -> LocalTime.ofNanoOfDay(((java.util.Date) v).getTime() * 1_000_000L));
            case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME:
                return new Mapping(FieldType.TIMESTAMP, v -> ((java.util.Date) v).toInstant());
            case io.debezium.time.Date.SCHEMA_NAME:
                return new Mapping(FieldType.DATE, v -> epochDay(((Number) v).longValue()));
            case io.debezium.time.Time.SCHEMA_NAME:
                return new Mapping(FieldType.TIME, v -> timeOfDayMicros(((Number) v).longValue() * 1000L));
            case io.debezium.time.MicroTime.SCHEMA_NAME:
                return new Mapping(FieldType.TIME, v -> timeOfDayMicros(((Number) v).longValue()));
            case io.debezium.time.NanoTime.SCHEMA_NAME:
                return new Mapping(FieldType.TIME, v -> timeOfDayMicros(((Number) v).longValue() / 1000L));
            case io.debezium.time.Timestamp.SCHEMA_NAME:
                return new Mapping(FieldType.TIMESTAMP,
                        v -> Instant.ofEpochMilli(finiteTimestamp(((Number) v).longValue(), MILLI_TIMESTAMP_SENTINELS)));
            case io.debezium.time.MicroTimestamp.SCHEMA_NAME:
                return new Mapping(FieldType.TIMESTAMP,
                        v -> fromEpochMicros(finiteTimestamp(((Number) v).longValue(), MICRO_TIMESTAMP_SENTINELS)));
            case io.debezium.time.NanoTimestamp.SCHEMA_NAME:
                // Nanoseconds (SQL Server datetime2(7)) are cut to the model's microseconds.
                return new Mapping(FieldType.TIMESTAMP,
                        v -> fromEpochNanos(((Number) v).longValue()).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            case io.debezium.time.ZonedTimestamp.SCHEMA_NAME:
                return new Mapping(FieldType.TIMESTAMP_TZ, v -> zonedTimestamp((String) v));
            case io.debezium.time.Year.SCHEMA_NAME:
                return new Mapping(FieldType.INT32, v -> v instanceof Integer ? v : ((Number) v).intValue());
            case io.debezium.data.Json.LOGICAL_NAME:
                return new Mapping(FieldType.JSON, v -> v.toString());
            case io.debezium.data.Uuid.LOGICAL_NAME:
                return new Mapping(FieldType.UUID, v -> UUID.fromString(v.toString()));
            case io.debezium.data.Enum.LOGICAL_NAME:
                return enumMapping(schema);
            case io.debezium.data.Bits.LOGICAL_NAME:
                return new Mapping(FieldType.BYTES, ConnectTypeMapper::bytes);
            default:
                // ZonedTime, Interval, EnumSet, Xml, Ltree, Tsvector… are strings; geometry types are
                // structs; MicroDuration is an int64: the structural rules below cover them.
                return null;
        }
    }

    private static Mapping structural(Schema schema, String path) {
        // Connect already holds each of these as the Java type the model uses: keep the box, not a new one.
        switch (schema.type()) {
            case BOOLEAN:
                return new Mapping(FieldType.BOOLEAN, Function.identity());
            case INT8:
                return new Mapping(FieldType.INT8, v -> v instanceof Byte ? v : ((Number) v).byteValue());
            case INT16:
                return new Mapping(FieldType.INT16, v -> v instanceof Short ? v : ((Number) v).shortValue());
            case INT32:
                return new Mapping(FieldType.INT32, v -> v instanceof Integer ? v : ((Number) v).intValue());
            case INT64:
                return new Mapping(FieldType.INT64, v -> v instanceof Long ? v : ((Number) v).longValue());
            case FLOAT32:
                return new Mapping(FieldType.FLOAT32, v -> v instanceof Float ? v : ((Number) v).floatValue());
            case FLOAT64:
                return new Mapping(FieldType.FLOAT64, v -> v instanceof Double ? v : ((Number) v).doubleValue());
            case STRING:
                return new Mapping(FieldType.STRING, Object::toString);
            case BYTES:
                return new Mapping(FieldType.BYTES, ConnectTypeMapper::bytes);
            case ARRAY: {
                Mapping element = map(schema.valueSchema(), path + "[]");
                Function<Object, Object> convert = element.convert();
                return new Mapping(new FieldType.Array(element.type()), v -> {
                    List<?> in = (List<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Object item : in) out.add(item == null ? null : convert.apply(item));
                    return java.util.Collections.unmodifiableList(out);
                });
            }
            case MAP: {
                Mapping value = map(schema.valueSchema(), path + "{}");
                Function<Object, Object> convert = value.convert();
                return new Mapping(new FieldType.MapType(value.type()), v -> {
                    Map<?, ?> in = (Map<?, ?>) v;
                    Map<String, Object> out = new LinkedHashMap<>(in.size() * 2);
                    for (Map.Entry<?, ?> e : in.entrySet()) {
                        out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : convert.apply(e.getValue()));
                    }
                    return java.util.Collections.unmodifiableMap(out);
                });
            }
            case STRUCT: {
                StructPlan nested = StructPlan.of(schema, path, ColumnSelection.ALL);
                return new Mapping(new FieldType.Struct(nested.rowSchema()), v -> nested.convert((Struct) v));
            }
            default:
                throw new IllegalArgumentException(path + ": unsupported Connect type " + schema.type()
                        + (schema.name() == null ? "" : " (" + schema.name() + ")"));
        }
    }

    private static Mapping decimal(Schema schema) {
        Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
        int scale = Integer.parseInt(params.getOrDefault(org.apache.kafka.connect.data.Decimal.SCALE_FIELD, "0"));
        String precisionText = params.get("connect.decimal.precision");
        return decimal(precisionText == null ? null : Integer.parseInt(precisionText), scale, v -> (BigDecimal) v);
    }

    /**
     * A {@link DecimalText} column: the type Debezium's own schema would give it ({@code decimal(p,s)},
     * or {@code string} for an unconstrained numeric) and the same value, from the text parsed exactly;
     * {@code NaN} and the infinities have no such value.
     */
    private static Mapping decimalText(Schema schema) {
        Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
        if (!params.containsKey(DecimalText.SCALE)) {
            // As VariableScaleDecimal carries it: no trailing zeros, never an exponent.
            return new Mapping(FieldType.STRING, v -> {
                BigDecimal d = number((String) v, "an unconstrained numeric").stripTrailingZeros();
                return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
            });
        }
        // No precision: a fixed scale only (PostgreSQL money), as Debezium's Decimal schema for it.
        Integer precision = params.containsKey(DecimalText.PRECISION) ? Integer.valueOf(params.get(DecimalText.PRECISION)) : null;
        int scale = Integer.parseInt(params.get(DecimalText.SCALE));
        String type = precision == null ? "a decimal of scale " + scale : "decimal(" + precision + "," + scale + ")";
        // Exact: widening the scale only appends zeros, anything needing rounding fails.
        return decimal(precision, scale, v -> number((String) v, type).setScale(scale, java.math.RoundingMode.UNNECESSARY));
    }

    private static BigDecimal number(String text, String type) {
        if (text.startsWith("{")) {
            // PostgreSQL numeric[] columns take multi-dimensional values; an array<decimal> element cannot hold a sub-array.
            throw new IllegalArgumentException("'" + text + "' is a nested array (a multi-dimensional value), not a"
                    + " number; the array's elements are " + type);
        }
        if (!text.isEmpty() && !Character.isDigit(text.charAt(text.length() - 1))) {
            throw new IllegalArgumentException("'" + text + "' is not a number; " + type + " holds only numbers");
        }
        return new BigDecimal(text);
    }

    private static Mapping decimal(Integer declaredPrecision, int scale, Function<Object, BigDecimal> value) {
        if (scale < 0) {
            // Rounded to 10^-scale (PostgreSQL 15+ numeric(p,-s)): integers of up to p - scale digits, exact as
            // decimal(p - scale, 0), which every format can hold (Avro's decimal has no negative scale).
            int digits = declaredPrecision == null ? 38 : declaredPrecision - scale;
            return new Mapping(new FieldType.Decimal(digits, 0),
                    v -> value.apply(v).setScale(0, java.math.RoundingMode.UNNECESSARY));
        }
        // Without a declared precision (e.g. money), 38 digits is the widest exact decimal most sinks take.
        int precision = declaredPrecision == null ? Math.max(38, scale) : Math.max(declaredPrecision, Math.max(scale, 1));
        return new Mapping(new FieldType.Decimal(precision, scale), value::apply);
    }

    private static Mapping enumMapping(Schema schema) {
        String allowed = schema.parameters() == null ? null : schema.parameters().get(io.debezium.data.Enum.VALUES_FIELD);
        if (allowed == null || allowed.isEmpty()) return new Mapping(FieldType.STRING, Object::toString);
        return new Mapping(new FieldType.Enum(Arrays.asList(allowed.split(","))), Object::toString);
    }

    private static Object variableScaleText(Struct value) {
        SpecialValueDecimal decimal = VariableScaleDecimal.toLogical(value);
        return decimal.getDecimalValue().map(BigDecimal::toPlainString).orElseGet(decimal::toString);
    }

    private static Object durationMicros(String text) {
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TIME value not read as a duration: " + text);
        }
    }

    private static Object timeOfDayMicros(long micros) {
        if (micros < 0 || micros >= MICROS_PER_DAY) {
            throw new IllegalArgumentException("time value " + micros + " µs is not a time of day in 00:00..23:59:59.999999"
                    + " (PostgreSQL '24:00:00', or a MySQL TIME used as a duration: time_columns: duration_micros reads"
                    + " those)");
        }
        return LocalTime.ofNanoOfDay(micros * 1000L);
    }

    private static LocalTime timeOfDay(String text) {
        try {
            return LocalTime.parse(text); // PostgreSQL writes times as HH:MM:SS[.ffffff] whatever its DateStyle
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day in 00:00..23:59:59.999999"
                    + (text.startsWith("{") ? " (a nested array: a multi-dimensional value)" : ""), e);
        }
    }

    private static LocalDate epochDay(long days) {
        if (days < MIN_EPOCH_DAY) {
            throw new IllegalArgumentException("date value " + days + " days from 1970-01-01 is before 4714-11-24 BC:"
                    + " Debezium's form of PostgreSQL date 'infinity' or '-infinity', not a date");
        }
        return LocalDate.ofEpochDay(days);
    }

    private static long finiteTimestamp(long value, Set<Long> sentinels) {
        if (sentinels.contains(value)) {
            throw new IllegalArgumentException("timestamp value " + value + " is Debezium's stand-in for PostgreSQL"
                    + " 'infinity' / '-infinity' or a timestamp beyond 294247 AD, not an instant");
        }
        return value;
    }

    static Instant fromEpochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static Instant fromEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static Instant zonedTimestamp(String text) {
        Instant fast = UtcTimestampText.parse(text); // Debezium's usual shape; years 0000-9999 are in range
        if (fast != null) return fast;
        Instant instant;
        try {
            // SQL Server datetimeoffset(7) carries 100 ns units; the model keeps microseconds.
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        } catch (RuntimeException e) {
            // Debezium passes PostgreSQL's 'infinity' / '-infinity' through as those words.
            throw new IllegalArgumentException("'" + text + "' is not an instant", e);
        }
        if (instant.isBefore(MIN_ZONED_TIMESTAMP) || instant.isAfter(MAX_ZONED_TIMESTAMP)) {
            throw new IllegalArgumentException("'" + text + "' is outside 4714-11-24 BC..294276-12-31 AD, the range"
                    + " of every supported database: Debezium's form of a PostgreSQL '-infinity' inside a"
                    + " timestamptz[] array, not an instant");
        }
        return instant;
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) return b;
        ByteBuffer buffer = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
