package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.PayloadWriter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiled writer's bytes, decoded by Avro's own GenericDatumReader with the derived schema. */
class AvroPayloadWriterTest {

    private static final AvroFormat AVRO = new AvroFormat();

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("maxes", false, AvroTestRows.maxes()),
                Arguments.of("mins", false, AvroTestRows.mins()),
                Arguments.of("specials", false, AvroTestRows.specials()),
                Arguments.of("nulls", false, AvroTestRows.nulls()),
                Arguments.of("update envelope", false, AvroTestRows.update()),
                Arguments.of("insert envelope", false, AvroTestRows.insert()),
                Arguments.of("key", true, AvroTestRows.maxes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void avroDecodesEveryValueAsWritten(String name, boolean key, Row row) throws Exception {
        Schema schema = AVRO.avroSchema(AvroTestRows.TOPIC, key, row.schema());

        Object decoded = AvroOracle.decode(schema, write(AVRO.writer(AvroTestRows.TOPIC, key, row.schema()), row));

        assertThat(AvroOracle.plain(decoded)).isEqualTo(AvroOracle.expected(row));
    }

    @Test
    void theWriterIsReusedAcrossRowsOfOneSchema() throws Exception {
        PayloadWriter writer = AVRO.writer(AvroTestRows.TOPIC, false, AvroTestRows.ALL);
        Schema schema = AVRO.avroSchema(AvroTestRows.TOPIC, false, AvroTestRows.ALL);

        for (Row row : List.of(AvroTestRows.maxes(), AvroTestRows.nulls(), AvroTestRows.mins())) {
            assertThat(AvroOracle.plain(AvroOracle.decode(schema, write(writer, row)))).isEqualTo(AvroOracle.expected(row));
        }
    }

    @Test
    void aDecimalWithFewerFractionDigitsIsWidenedExactly() throws Exception {
        RowSchema schema = RowSchema.builder("t.Value").required("price", new FieldType.Decimal(6, 3)).build();

        GenericRecord decoded = (GenericRecord) AvroOracle.decode(AVRO.avroSchema("t", false, schema),
                write(AVRO.writer("t", false, schema), Row.of(schema, new BigDecimal("-12.5"))));

        assertThat(decoded.get("price")).isEqualTo(new BigDecimal("-12.500"));
    }

    static Stream<Arguments> valuesThatDoNotFit() {
        FieldType cents = new FieldType.Decimal(5, 2);
        return Stream.of(
                Arguments.of("more fraction digits than the scale", cents, new BigDecimal("1.234"), "scale"),
                Arguments.of("a zero past the scale", cents, new BigDecimal("1.230"), "scale"),
                Arguments.of("more integer digits than precision - scale", cents, new BigDecimal("1234.5"), "integer digits"),
                Arguments.of("a time with nanoseconds", FieldType.TIME, LocalTime.of(1, 2, 3, 1), "sub-microsecond"),
                Arguments.of("a timestamp with nanoseconds", FieldType.TIMESTAMP_TZ,
                        Instant.parse("2024-01-01T00:00:00.000000001Z"), "sub-microsecond"),
                Arguments.of("an instant past timestamp-micros", FieldType.TIMESTAMP,
                        Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000 + 1), "range"),
                Arguments.of("an int8 out of range", FieldType.INT8, 300, "range"),
                Arguments.of("a double that is not a float", FieldType.FLOAT32, 0.1, "float"),
                Arguments.of("a symbol outside the enum", new FieldType.Enum(List.of("a", "b")), "c", "symbols"),
                Arguments.of("a text in a long column", FieldType.INT64, "12", "java.lang.String"),
                Arguments.of("a text in a decimal column", cents, "1.00", "java.lang.String"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesThatDoNotFit")
    void aValueThatDoesNotFitIsRejectedNamingTheFieldAndNothingIsWritten(String name, FieldType type, Object value,
                                                                          String reason) throws Exception {
        RowSchema row = RowSchema.builder("t.Row").required("id", FieldType.INT64).optional("amount", type).build();
        RowSchema schema = RowSchema.builder("t.Value")
                .required("id", FieldType.INT64)
                .optional("amount", type)
                .optional("history", new FieldType.Array(type))
                .optional("nested", new FieldType.Struct(row))
                .build();
        PayloadWriter writer = AVRO.writer("t", false, schema);

        assertRejected(writer, Row.of(schema, 1L, value, null, null), "'amount'", reason);
        assertRejected(writer, Row.of(schema, 1L, null, Arrays.asList(null, value), null), "'history[]'", reason);
        assertRejected(writer, Row.of(schema, 1L, null, null, Row.of(row, 2L, value)), "'nested.amount'", reason);
        // The writer is still good for the next row.
        Row fine = Row.of(schema, 3L, null, List.of(), null);
        assertThat(AvroOracle.plain(AvroOracle.decode(AVRO.avroSchema("t", false, schema), write(writer, fine))))
                .isEqualTo(AvroOracle.expected(fine));
    }

    @Test
    void aRequiredFieldWithoutValueIsRejectedNamingIt() {
        RowSchema schema = RowSchema.builder("t.Value").required("id", FieldType.INT64).required("name", FieldType.STRING).build();

        assertThatThrownBy(() -> write(AVRO.writer("t", false, schema), Row.of(schema, 1L, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'").hasMessageContaining("null");
    }

    @Test
    void aRowOfAnotherSchemaIsRejected() {
        RowSchema schema = RowSchema.builder("t.Value").required("id", FieldType.INT64).build();
        RowSchema other = RowSchema.builder("t.Other").required("id", FieldType.INT64).build();

        RowSchema outer = RowSchema.builder("t.Outer").optional("inner", new FieldType.Struct(schema)).build();

        assertThatThrownBy(() -> write(AVRO.writer("t", false, schema), Row.of(other, 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t.Other");
        assertThatThrownBy(() -> write(AVRO.writer("t", false, outer), Row.of(outer, Row.of(other, 1L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'inner'").hasMessageContaining("t.Other");
    }

    @Test
    void anOptionalColumnWithADefaultWritesTheNullBranchOfItsValueFirstUnion() throws Exception {
        RowSchema schema = RowSchema.of("t.Value",
                new Field("id", FieldType.INT64, false, 0L, "key"),
                new Field("status-code", FieldType.INT16, true, (short) 200, null),
                new Field("note", FieldType.STRING, true, null, null));
        Schema avro = AVRO.avroSchema("t", false, schema);
        PayloadWriter writer = AVRO.writer("t", false, schema);

        GenericRecord nullStatus = (GenericRecord) AvroOracle.decode(avro, write(writer, Row.of(schema, 5L, null, "n")));
        GenericRecord withStatus = (GenericRecord) AvroOracle.decode(avro, write(writer, Row.of(schema, 6L, (short) -1, null)));

        assertThat(nullStatus.get("id")).isEqualTo(5L);
        assertThat(nullStatus.get("status_code")).isNull();
        assertThat(nullStatus.get("note")).hasToString("n");
        assertThat(withStatus.get("status_code")).isEqualTo(-1);
        assertThat(withStatus.get("note")).isNull();
    }

    private static void assertRejected(PayloadWriter writer, Row row, String field, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> writer.write(row, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field)
                .hasMessageContaining(reason);
        assertThat(out.size()).as("bytes written for a rejected row").isZero();
    }

    static byte[] write(PayloadWriter writer, Row row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(row, out);
        return out.toByteArray();
    }
}
