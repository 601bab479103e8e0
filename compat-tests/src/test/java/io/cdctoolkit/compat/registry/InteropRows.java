package io.cdctoolkit.compat.registry;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows covering every {@link FieldType} with its edge values, for the interop tests: as a flat
 * value, inside a Debezium-style envelope, and a key.
 */
final class InteropRows {

    static final RowSchema ITEM = RowSchema.builder("shop.Item")
            .required("sku", FieldType.STRING)
            .optional("qty", FieldType.INT32)
            .build();

    static final RowSchema ALL = RowSchema.builder("interop.Value")
            .required("id", FieldType.INT64)
            .optional("flag", FieldType.BOOLEAN)
            .optional("tiny", FieldType.INT8)
            .optional("small", FieldType.INT16)
            .optional("num", FieldType.INT32)
            .optional("big", FieldType.INT64)
            .optional("f32", FieldType.FLOAT32)
            .optional("f64", FieldType.FLOAT64)
            .optional("text", FieldType.STRING)
            .optional("blob", FieldType.BYTES)
            .optional("money", new FieldType.Decimal(38, 10))
            .optional("cents", new FieldType.Decimal(5, 2))
            .optional("fraction", new FieldType.Decimal(5, 5))
            .optional("huge", new FieldType.Decimal(100, 30))
            .optional("day", FieldType.DATE)
            .optional("clock", FieldType.TIME)
            .optional("wall", FieldType.TIMESTAMP)
            .optional("instant", FieldType.TIMESTAMP_TZ)
            .optional("ref", FieldType.UUID)
            .optional("doc", FieldType.JSON)
            .optional("state", new FieldType.Enum(List.of("open", "closed")))
            .optional("phase", new FieldType.Enum(List.of("in-progress", "2nd")))
            .optional("tags", new FieldType.Array(FieldType.STRING))
            .optional("items", new FieldType.Array(new FieldType.Struct(ITEM)))
            .optional("matrix", new FieldType.Array(new FieldType.Array(FieldType.INT32)))
            .optional("attrs", new FieldType.MapType(FieldType.INT64))
            .optional("by_sku", new FieldType.MapType(new FieldType.Struct(ITEM)))
            .optional("main_item", new FieldType.Struct(ITEM))
            .required("codes", new FieldType.Array(FieldType.INT64))
            .required("labels", new FieldType.MapType(FieldType.STRING))
            .required("stamp", FieldType.TIMESTAMP_TZ)
            .build();

    static final RowSchema KEY = RowSchema.builder("interop.Key")
            .required("id", FieldType.INT64)
            .required("region", FieldType.STRING)
            .build();

    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("connector", FieldType.STRING)
            .required("db", FieldType.STRING)
            .optional("lsn", FieldType.INT64)
            .build();

    private static final String HUGE_DIGITS = "9".repeat(70) + "." + "9".repeat(30);

    private InteropRows() {
    }

    /**
     * Largest values, odd text, instants at the end of year 9999. {@code nullElements}: an array
     * element and a map value are null (Protobuf cannot carry those: documented, rejected by our writer).
     */
    static Row maxes(boolean nullElements) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("a", Long.MAX_VALUE);
        if (nullElements) attrs.put("nothing", null);
        List<String> tags = nullElements ? Arrays.asList("x", null, "") : List.of("x", "");
        List<List<Integer>> matrix = nullElements
                ? Arrays.asList(List.of(1, 2), null, Arrays.asList(3, null)) : List.of(List.of(1, 2), List.of(), List.of(3));
        return Row.of(ALL, Long.MAX_VALUE, true, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
                Float.MAX_VALUE, Double.MAX_VALUE, "zürich ✓ 😀 \"quoted\" \\ \n", new byte[]{0, -1, 127, -128},
                new BigDecimal("9999999999999999999999999999.9999999999"), new BigDecimal("999.99"),
                new BigDecimal("0.99999"), new BigDecimal(HUGE_DIGITS),
                LocalDate.of(9999, 12, 31), LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("2024-02-29T12:00:00.000001Z"),
                UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), "{\"a\": [1, 2.50, {\"b\": null}]}", "closed", "2nd",
                tags, List.of(Row.of(ITEM, "A-1", 2), Row.of(ITEM, "B-2", null)), matrix,
                attrs, Map.of("A-1", Row.of(ITEM, "A-1", 1)), Row.of(ITEM, "M", Integer.MAX_VALUE),
                List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L), Map.of("k", "v", "empty", ""),
                Instant.parse("2024-01-31T12:34:56.123456Z"));
    }

    /** Smallest and negative values, instants before 1970 with microseconds, year 1, empty collections. */
    static Row mins() {
        return Row.of(ALL, Long.MIN_VALUE, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
                -Float.MIN_VALUE, -Double.MIN_VALUE, "", new byte[0],
                new BigDecimal("-9999999999999999999999999999.9999999999"), new BigDecimal("-0.01"),
                new BigDecimal("-0.00001"), new BigDecimal("-" + HUGE_DIGITS),
                LocalDate.of(1, 1, 1), LocalTime.MIDNIGHT,
                Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("1900-01-01T00:00:00.000001Z"),
                UUID.fromString("00000000-0000-0000-0000-000000000000"), "null", "open", "in-progress",
                List.of(), List.of(), List.of(), Map.of(), Map.of(), Row.of(ITEM, "", Integer.MIN_VALUE),
                List.of(), Map.of(), Instant.parse("0001-01-01T00:00:00Z"));
    }

    /** Zeros, NaN, infinities, negative zero, a decimal with fewer fraction digits than its scale. */
    static Row specials() {
        return Row.of(ALL, 0L, true, (byte) 0, (short) -1, 0, -1L, Float.NaN, Double.NEGATIVE_INFINITY, "0",
                new byte[]{1}, new BigDecimal("0E-10"), new BigDecimal("1.5"), BigDecimal.ZERO, new BigDecimal("-1"),
                LocalDate.of(1970, 1, 1), LocalTime.of(12, 0), Instant.EPOCH, Instant.parse("1969-12-31T23:59:59Z"),
                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), "{}", "open", "2nd",
                List.of("only"), List.of(Row.of(ITEM, "C", null)), List.of(List.of()), Map.of("z", 0L),
                Map.of("k", Row.of(ITEM, "k", 0)), null, List.of(0L), Map.of("", ""),
                Instant.parse("1969-07-20T20:17:40.000001Z"));
    }

    /** A row whose floats are the given values, everything else null or empty. */
    static Row floats(long id, float f32, double f64) {
        return nulls().with(0, id).with(ALL.indexOf("f32"), f32).with(ALL.indexOf("f64"), f64);
    }

    /** Every optional field null. */
    static Row nulls() {
        Object[] values = new Object[ALL.size()];
        values[0] = 1L;
        values[ALL.indexOf("codes")] = List.of();
        values[ALL.indexOf("labels")] = Map.of();
        values[ALL.indexOf("stamp")] = Instant.parse("2000-01-01T00:00:00Z");
        return Row.of(ALL, values);
    }

    /** The flat rows every format can carry. */
    static List<Row> flatRows(boolean nullElements) {
        return List.of(maxes(nullElements), mins(), specials(), nulls(),
                floats(2, Float.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                floats(3, Float.NEGATIVE_INFINITY, Double.NaN),
                floats(4, -0.0f, -0.0));
    }

    /** An envelope schema around {@link #ALL} for the given topic. */
    static RowSchema envelopeSchema(String topic) {
        return Envelope.schema(topic, ALL, SOURCE);
    }

    /** An update (before and after) and a delete (after null, lsn null). */
    static List<Row> envelopes(RowSchema envelopeSchema, boolean nullElements) {
        return List.of(
                Envelope.row(envelopeSchema, mins(), maxes(nullElements), Row.of(SOURCE, "postgresql", "shop", 42L),
                        Op.UPDATE, Instant.parse("2024-01-01T00:00:00.123Z")),
                Envelope.row(envelopeSchema, specials(), null, Row.of(SOURCE, "postgresql", "shop", null),
                        Op.DELETE, null));
    }

    static List<Row> keys() {
        return List.of(Row.of(KEY, 7L, "eu-west"), Row.of(KEY, Long.MIN_VALUE, ""));
    }
}
