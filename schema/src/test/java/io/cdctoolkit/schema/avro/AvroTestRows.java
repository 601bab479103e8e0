package io.cdctoolkit.schema.avro;

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

/** Row schemas and rows with every field type and their edge values, shared by the writer and reader tests. */
final class AvroTestRows {

    static final String TOPIC = "cdc.shop.orders";

    static final RowSchema ITEM = RowSchema.builder("shop.Item")
            .required("sku", FieldType.STRING)
            .optional("qty", FieldType.INT32)
            .build();

    static final RowSchema ALL = RowSchema.builder("shop.public.orders.Value")
            .required("id", FieldType.INT64)
            .optional("flag", FieldType.BOOLEAN)
            .optional("tiny", FieldType.INT8)
            .optional("small", FieldType.INT16)
            .optional("int", FieldType.INT32)
            .optional("big", FieldType.INT64)
            .optional("f32", FieldType.FLOAT32)
            .optional("f64", FieldType.FLOAT64)
            .optional("text", FieldType.STRING)
            .optional("blob", FieldType.BYTES)
            .optional("money", new FieldType.Decimal(38, 10))
            .optional("cents", new FieldType.Decimal(5, 2))
            .optional("day", FieldType.DATE)
            .optional("clock", FieldType.TIME)
            .optional("wall", FieldType.TIMESTAMP)
            .optional("instant", FieldType.TIMESTAMP_TZ)
            .optional("ref", FieldType.UUID)
            .optional("doc", FieldType.JSON)
            .optional("state", new FieldType.Enum(List.of("open", "closed")))
            .optional("phase", new FieldType.Enum(List.of("in-progress", "done")))
            .optional("tags", new FieldType.Array(FieldType.STRING))
            .optional("items", new FieldType.Array(new FieldType.Struct(ITEM)))
            .optional("attrs", new FieldType.MapType(FieldType.INT64))
            .optional("by_sku", new FieldType.MapType(new FieldType.Struct(ITEM)))
            .optional("main_item", new FieldType.Struct(ITEM))
            .optional("order-note", FieldType.STRING)
            .build();

    private AvroTestRows() {
    }

    /** Largest values, odd text, a null array element and a null map value. */
    static Row maxes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("a", Long.MAX_VALUE);
        attrs.put("nothing", null);
        return Row.of(ALL, Long.MAX_VALUE, true, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
                Float.MAX_VALUE, Double.MAX_VALUE, "zürich ✓ 😀 \"quoted\"", new byte[]{0, -1, 127, -128},
                new BigDecimal("9999999999999999999999999999.9999999999"), new BigDecimal("999.99"),
                LocalDate.of(9999, 12, 31), LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("2024-02-29T12:00:00.000001Z"),
                UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), "{\"a\":[1,2,{\"b\":null}]}", "closed", "done",
                Arrays.asList("x", null, ""), List.of(Row.of(ITEM, "A-1", 2), Row.of(ITEM, "B-2", null)),
                attrs, Map.of("A-1", Row.of(ITEM, "A-1", 1)), Row.of(ITEM, "M", Integer.MAX_VALUE), "ring first");
    }

    /** Smallest and negative values, instants before 1970 with microseconds, empty collections. */
    static Row mins() {
        return Row.of(ALL, Long.MIN_VALUE, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
                -Float.MIN_VALUE, -0.0, "", new byte[0],
                new BigDecimal("-9999999999999999999999999999.9999999999"), new BigDecimal("-0.01"),
                LocalDate.of(1, 1, 1), LocalTime.MIDNIGHT,
                Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("1900-01-01T00:00:00.000001Z"),
                UUID.fromString("00000000-0000-0000-0000-000000000000"), "null", "open", "in-progress",
                List.of(), List.of(), Map.of(), Map.of(), Row.of(ITEM, "", Integer.MIN_VALUE), "");
    }

    /** Zeros, NaN and infinities. */
    static Row specials() {
        return Row.of(ALL, 0L, true, (byte) 0, (short) -1, 0, -1L, Float.NaN, Double.NEGATIVE_INFINITY, "0",
                new byte[]{1}, new BigDecimal("0E-10"), new BigDecimal("0.00"), LocalDate.of(1970, 1, 1),
                LocalTime.of(12, 0), Instant.EPOCH, Instant.parse("1969-12-31T23:59:59Z"),
                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), "{}", "open", "done",
                List.of("only"), List.of(Row.of(ITEM, "C", null)), Map.of("z", 0L), Map.of("k", Row.of(ITEM, "k", 0)),
                null, null);
    }

    /** Every optional field null. */
    static Row nulls() {
        Object[] values = new Object[ALL.size()];
        values[0] = 1L;
        return Row.of(ALL, values);
    }

    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("connector", FieldType.STRING)
            .required("db", FieldType.STRING)
            .optional("lsn", FieldType.INT64)
            .build();

    static final RowSchema ENVELOPE = Envelope.schema("shop.public.orders", ALL, SOURCE);

    /** An update envelope: before, after and the source block. */
    static Row update() {
        return Envelope.row(ENVELOPE, mins(), maxes(), Row.of(SOURCE, "postgresql", "shop", 42L), Op.UPDATE,
                Instant.parse("2024-01-01T00:00:00Z"));
    }

    /** An insert envelope (before is null). */
    static Row insert() {
        return Envelope.row(ENVELOPE, null, specials(), Row.of(SOURCE, "postgresql", "shop", null), Op.CREATE, null);
    }
}
