package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test rows with every field type, nulls, nesting and edge values. */
final class Rows {

    static final RowSchema ADDRESS = RowSchema.builder("db.public.address")
            .required("street", FieldType.STRING)
            .optional("zip", FieldType.STRING)
            .build();

    /** Every field type, each optional (so nulls are allowed), plus required ones. */
    static final RowSchema EVERYTHING = RowSchema.builder("db.public.everything.Value")
            .required("id", FieldType.INT64)
            .optional("b", FieldType.BOOLEAN)
            .optional("i8", FieldType.INT8)
            .optional("i16", FieldType.INT16)
            .optional("i32", FieldType.INT32)
            .optional("i64", FieldType.INT64)
            .optional("f32", FieldType.FLOAT32)
            .optional("f64", FieldType.FLOAT64)
            .optional("s", FieldType.STRING)
            .optional("bin", FieldType.BYTES)
            .optional("amount", new FieldType.Decimal(10, 2))
            .optional("d", FieldType.DATE)
            .optional("t", FieldType.TIME)
            .optional("ts", FieldType.TIMESTAMP)
            .optional("tstz", FieldType.TIMESTAMP_TZ)
            .optional("uid", FieldType.UUID)
            .optional("doc", FieldType.JSON)
            .optional("mood", new FieldType.Enum(List.of("happy", "sad")))
            .optional("tags", new FieldType.Array(FieldType.STRING))
            .optional("prices", new FieldType.Array(new FieldType.Decimal(5, 1)))
            .optional("attrs", new FieldType.MapType(FieldType.INT32))
            .optional("stamps", new FieldType.MapType(FieldType.TIMESTAMP_TZ))
            .optional("home", new FieldType.Struct(ADDRESS))
            .optional("previous", new FieldType.Array(new FieldType.Struct(ADDRESS)))
            .required("name", FieldType.STRING)
            .field(new Field("level", FieldType.INT32, false, 3, "access level"))
            .build();

    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("version", FieldType.STRING)
            .required("connector", FieldType.STRING)
            .required("name", FieldType.STRING)
            .required("ts_ms", FieldType.INT64)
            .optional("snapshot", new FieldType.Enum(List.of("true", "last", "false", "incremental")))
            .required("db", FieldType.STRING)
            .optional("schema", FieldType.STRING)
            .optional("table", FieldType.STRING)
            .optional("lsn", FieldType.INT64)
            .build();

    static final RowSchema ENVELOPE = Envelope.schema("db.public.everything", EVERYTHING, SOURCE);

    private Rows() {
    }

    static Row full() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("a", 1);
        attrs.put("b", Integer.MIN_VALUE);
        return Row.builder(EVERYTHING)
                .set("id", 42L)
                .set("b", true)
                .set("i8", (byte) -128)
                .set("i16", (short) 32767)
                .set("i32", Integer.MAX_VALUE)
                .set("i64", Long.MIN_VALUE)
                .set("f32", 1.5f)
                .set("f64", 6.02214076e23)
                .set("s", "héllo \"quoted\" \u2603")
                .set("bin", new byte[] {0, 1, (byte) 0xff})
                .set("amount", new BigDecimal("-12345678.90"))
                .set("d", LocalDate.of(2024, 2, 29))
                .set("t", LocalTime.of(23, 59, 59, 999_999_000))
                .set("ts", Instant.parse("2024-01-31T12:00:00Z"))
                .set("tstz", Instant.parse("1969-12-31T23:59:59.000001Z"))
                .set("uid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
                .set("doc", "{\"k\": [1, 2, {\"x\": null}]}")
                .set("mood", "sad")
                .set("tags", List.of("x", "y"))
                .set("prices", List.of(new BigDecimal("0.5"), new BigDecimal("9999.9")))
                .set("attrs", attrs)
                .set("stamps", Map.of("first", Instant.parse("2000-01-01T00:00:00.123456Z")))
                .set("home", Row.of(ADDRESS, "Main St 1", "12345"))
                .set("previous", List.of(Row.of(ADDRESS, "Old St 2", null)))
                .set("name", "full")
                .set("level", 7)
                .build();
    }

    /** Every optional field null. */
    static Row nulls() {
        return Row.builder(EVERYTHING).set("id", 1L).set("name", "nulls").set("level", 3).build();
    }

    /** Values at the edges of what RowJson writes: non-finite floats, null elements, empty collections. */
    static Row edges() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("null value", null);
        attrs.put("", 0);
        return Row.builder(EVERYTHING)
                .set("id", Long.MAX_VALUE)
                .set("f32", Float.NEGATIVE_INFINITY)
                .set("f64", Double.NaN)
                .set("s", "")
                .set("bin", new byte[0])
                .set("amount", new BigDecimal("0.01"))
                .set("d", LocalDate.of(1, 1, 1))
                .set("t", LocalTime.MIDNIGHT)
                .set("ts", Instant.parse("9999-12-31T23:59:59.999999Z"))
                .set("tstz", Instant.EPOCH)
                .set("doc", "null")
                .set("tags", Arrays.asList("a", null))
                .set("prices", List.of())
                .set("attrs", attrs)
                .set("stamps", Map.of())
                .set("previous", List.of())
                .set("name", "edges")
                .set("level", 0)
                .build();
    }

    static Row envelope(Row before, Row after, Op op) {
        Row source = Row.of(SOURCE, "3.0.0", "postgresql", "db", 1700000000000L, "false", "db", "public",
                "everything", 123456L);
        return Envelope.row(ENVELOPE, before, after, source, op, Instant.parse("2024-01-31T12:00:00.123Z"));
    }

    static List<Row> valid() {
        return List.of(full(), nulls(), edges());
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
