package io.cdctoolkit.schema.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSchemaDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AvroFormat AVRO = new AvroFormat();
    private static final RowSchema POINT = RowSchema.builder("geo.Point")
            .required("x", FieldType.INT32).build();

    /** FieldType → the Avro type docs/formats/avro.md promises, written out by hand. */
    static Stream<Arguments> everyFieldType() {
        return Stream.of(
                Arguments.of(FieldType.BOOLEAN, "\"boolean\""),
                Arguments.of(FieldType.INT8, "{\"type\":\"int\",\"connect.type\":\"int8\"}"),
                Arguments.of(FieldType.INT16, "{\"type\":\"int\",\"connect.type\":\"int16\"}"),
                Arguments.of(FieldType.INT32, "\"int\""),
                Arguments.of(FieldType.INT64, "\"long\""),
                Arguments.of(FieldType.FLOAT32, "\"float\""),
                Arguments.of(FieldType.FLOAT64, "\"double\""),
                Arguments.of(FieldType.STRING, "\"string\""),
                Arguments.of(FieldType.BYTES, "\"bytes\""),
                Arguments.of(new FieldType.Decimal(10, 2),
                        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}"),
                Arguments.of(FieldType.DATE, "{\"type\":\"int\",\"logicalType\":\"date\"}"),
                Arguments.of(FieldType.TIME, "{\"type\":\"long\",\"logicalType\":\"time-micros\"}"),
                Arguments.of(FieldType.TIMESTAMP,
                        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"cdc.type\":\"timestamp\"}"),
                Arguments.of(FieldType.TIMESTAMP_TZ,
                        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"cdc.type\":\"timestamp_tz\"}"),
                Arguments.of(FieldType.UUID, "{\"type\":\"string\",\"logicalType\":\"uuid\"}"),
                Arguments.of(FieldType.JSON,
                        "{\"type\":\"string\",\"connect.version\":1,\"connect.name\":\"io.debezium.data.Json\"}"),
                Arguments.of(new FieldType.Enum(List.of("active", "closed")),
                        "{\"type\":\"enum\",\"name\":\"Value_f\",\"namespace\":\"t\",\"symbols\":[\"active\",\"closed\"]}"),
                Arguments.of(new FieldType.Array(FieldType.INT32), "{\"type\":\"array\",\"items\":[\"null\",\"int\"]}"),
                Arguments.of(new FieldType.MapType(FieldType.STRING), "{\"type\":\"map\",\"values\":[\"null\",\"string\"]}"),
                Arguments.of(new FieldType.Struct(POINT),
                        "{\"type\":\"record\",\"name\":\"Point\",\"namespace\":\"geo\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFieldType")
    void everyFieldTypeMapsToItsAvroType(FieldType type, String expectedAvroType) throws Exception {
        RowSchema schema = RowSchema.builder("t.Value").required("f", type).optional("g", type).build();

        Schema avro = parse(AVRO.derive("t", false, schema));

        assertThat(json(avro.getField("f").schema())).isEqualTo(MAPPER.readTree(expectedAvroType));
        // Optional: ["null", T] with default null (a named T is referenced by name the second time).
        Schema optional = avro.getField("g").schema();
        assertThat(optional.getType()).isEqualTo(Schema.Type.UNION);
        assertThat(optional.getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        // An enum is named after its field (t.Value_f, t.Value_g).
        assertThat(json(optional.getTypes().get(1))).isEqualTo(MAPPER.readTree(expectedAvroType.replace("Value_f", "Value_g")));
        assertThat(avro.getField("g").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(avro.getField("f").hasDefaultValue()).isFalse();
    }

    @Test
    void theTypeTableCoversEveryFieldKind() {
        Set<FieldType.Kind> covered = everyFieldType().map(a -> ((FieldType) a.get()[0]).kind())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FieldType.Kind.class)));
        assertThat(covered).containsExactlyInAnyOrder(FieldType.Kind.values());
    }

    @Test
    void anEnumWhoseSymbolsAreNotAvroNamesIsAStringCarryingItsSymbols() throws Exception {
        RowSchema schema = RowSchema.builder("t.Value")
                .required("state", new FieldType.Enum(List.of("in-progress", "done", "2nd"))).build();

        Schema state = parse(AVRO.derive("t", false, schema)).getField("state").schema();

        assertThat(json(state)).isEqualTo(MAPPER.readTree(
                "{\"type\":\"string\",\"cdc.enum.symbols\":[\"in-progress\",\"done\",\"2nd\"]}"));
    }

    @Test
    void topLevelNamesFollowTheTopicAndRoleInDebeziumStyle() {
        RowSchema flat = RowSchema.builder("db.public.users.Value").required("id", FieldType.INT64).build();

        assertThat(AVRO.derive("cdc.public.users", false, flat).recordName()).isEqualTo("cdc.public.users.Value");
        assertThat(AVRO.derive("cdc.public.users", true, flat).recordName()).isEqualTo("cdc.public.users.Key");
        DerivedSchema odd = AVRO.derive("my-topic.2024", false, flat);
        assertThat(odd.recordName()).isEqualTo("my_topic._2024.Value");
        assertThat(parse(odd).getFullName()).isEqualTo("my_topic._2024.Value");
        assertThat(odd.text().type()).isEqualTo(SchemaType.AVRO);
    }

    @Test
    void anEnvelopeDefinesTheTableRowOnceAsTopicValueAndKeepsTheSourceBlockName() {
        RowSchema row = RowSchema.builder("db.public.users.Value")
                .required("id", FieldType.INT64).optional("email", FieldType.STRING).build();
        RowSchema source = RowSchema.builder("io.debezium.connector.postgresql.Source")
                .required("db", FieldType.STRING).required("lsn", FieldType.INT64).build();
        RowSchema envelope = Envelope.schema("db.public.users", row, source);

        DerivedSchema derived = AVRO.derive("cdc.public.users", false, envelope);
        Schema avro = parse(derived);

        assertThat(derived.recordName()).isEqualTo("cdc.public.users.Envelope");
        Schema before = AvroTypes.nonNull(avro.getField("before").schema());
        Schema after = AvroTypes.nonNull(avro.getField("after").schema());
        assertThat(before.getFullName()).isEqualTo("cdc.public.users.Value");
        assertThat(after).isEqualTo(before);
        assertThat(avro.getField("source").schema().getFullName()).isEqualTo("io.debezium.connector.postgresql.Source");
        assertThat(avro.getField("op").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(count(derived.text().text(), "\"type\":\"record\",\"name\":\"Value\"")).isEqualTo(1);
    }

    @Test
    void differentNestedSchemasWithOneNameAreToldApartInFieldOrder() {
        RowSchema point3d = RowSchema.builder("geo.Point")
                .required("x", FieldType.INT32).required("z", FieldType.INT32).build();
        RowSchema schema = RowSchema.builder("t.Value")
                .required("a", new FieldType.Struct(POINT))
                .required("b", new FieldType.Struct(point3d))
                .optional("c", new FieldType.Struct(POINT))
                .required("d", new FieldType.Struct(RowSchema.builder("t.Value").required("n", FieldType.INT32).build()))
                .build();

        Schema avro = parse(AVRO.derive("t", false, schema));

        assertThat(avro.getField("a").schema().getFullName()).isEqualTo("geo.Point");
        assertThat(avro.getField("b").schema().getFullName()).isEqualTo("geo.Point_2");
        assertThat(avro.getField("b").schema().getField("z")).isNotNull();
        assertThat(AvroTypes.nonNull(avro.getField("c").schema())).isEqualTo(avro.getField("a").schema());
        // A nested schema named like the top-level record does not take its name.
        assertThat(avro.getFullName()).isEqualTo("t.Value");
        assertThat(avro.getField("d").schema().getFullName()).isEqualTo("t.Value_2");
        // Deterministic: the same input derives the same text.
        assertThat(AVRO.derive("t", false, schema)).isEqualTo(AVRO.derive("t", false, schema));
    }

    @Test
    void fieldNamesAreMadeAvroSafeKeepingTheOriginalAndNeverColliding() {
        RowSchema schema = RowSchema.builder("t.Value")
                .required("order-id", FieldType.INT64)
                .required("order_id", FieldType.INT64)
                .required("1st", FieldType.STRING)
                .required("plain", FieldType.STRING)
                .build();

        Schema avro = parse(AVRO.derive("t", false, schema));

        assertThat(avro.getFields()).extracting(Schema.Field::name)
                .containsExactly("order_id_2", "order_id", "_1st", "plain");
        assertThat(avro.getFields()).extracting(f -> f.getProp(AvroProperties.ORIGINAL_NAME))
                .containsExactly("order-id", null, "1st", null);
    }

    @Test
    void docsBecomeAvroDocs() {
        RowSchema schema = RowSchema.of("t.Value", new Field("id", FieldType.INT64, false, null, "the primary key"));

        assertThat(parse(AVRO.derive("t", false, schema)).getField("id").doc()).isEqualTo("the primary key");
    }

    /** Field type, default in its Java representation, and what Avro itself decodes the default to. */
    static Stream<Arguments> defaults() {
        UUID uuid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        return Stream.of(
                Arguments.of(FieldType.BOOLEAN, true, true),
                Arguments.of(FieldType.INT8, (byte) -128, -128),
                Arguments.of(FieldType.INT16, (short) 32767, 32767),
                Arguments.of(FieldType.INT32, Integer.MIN_VALUE, Integer.MIN_VALUE),
                Arguments.of(FieldType.INT64, Long.MAX_VALUE, Long.MAX_VALUE),
                Arguments.of(FieldType.FLOAT32, 1.5f, 1.5f),
                Arguments.of(FieldType.FLOAT64, -2.25, -2.25),
                Arguments.of(FieldType.STRING, "zürich ✓", "zürich ✓"),
                Arguments.of(FieldType.BYTES, new byte[]{0, -1, 127, -128}, new byte[]{0, -1, 127, -128}),
                Arguments.of(new FieldType.Decimal(6, 2), new BigDecimal("-1234.50"), new BigDecimal("-1234.50")),
                Arguments.of(new FieldType.Decimal(6, 2), new BigDecimal("7"), new BigDecimal("7.00")),
                Arguments.of(FieldType.DATE, LocalDate.of(1969, 12, 31), LocalDate.of(1969, 12, 31)),
                Arguments.of(FieldType.TIME, LocalTime.of(23, 59, 59, 999_999_000), LocalTime.of(23, 59, 59, 999_999_000)),
                Arguments.of(FieldType.TIMESTAMP, Instant.parse("1969-07-20T20:17:40.123456Z"),
                        Instant.parse("1969-07-20T20:17:40.123456Z")),
                Arguments.of(FieldType.TIMESTAMP_TZ, Instant.parse("2024-02-29T12:00:00.000001Z"),
                        Instant.parse("2024-02-29T12:00:00.000001Z")),
                Arguments.of(FieldType.UUID, uuid, uuid),
                Arguments.of(FieldType.JSON, "{\"a\":1}", "{\"a\":1}"),
                Arguments.of(new FieldType.Enum(List.of("a", "b")), "b", "b"),
                Arguments.of(new FieldType.Enum(List.of("a-1", "b-2")), "b-2", "b-2"),
                Arguments.of(new FieldType.Array(FieldType.INT32), List.of(1, 2), List.of(1, 2)),
                Arguments.of(new FieldType.MapType(FieldType.INT64), Map.of("k", 5L), Map.of("k", 5L)),
                Arguments.of(new FieldType.Struct(POINT), Row.of(POINT, 3), Row.of(POINT, 3)));
    }

    @ParameterizedTest(name = "{0} default {1}")
    @MethodSource("defaults")
    void defaultsAreAvroDefaultsThatAvroDecodesToTheSameValue(FieldType type, Object value, Object expected) {
        RowSchema schema = RowSchema.of("t.Value",
                new Field("required", type, false, value, null),
                new Field("optional", type, true, value, null));

        Schema avro = parse(AVRO.derive("t", false, schema));

        assertThat(AvroOracle.plain(AvroOracle.data().getDefaultValue(avro.getField("required")))).isEqualTo(AvroOracle.expected(expected));
        // An optional column with a default: [T, "null"], since a union's default belongs to its first branch.
        Schema optional = avro.getField("optional").schema();
        assertThat(optional.getTypes().get(1).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(AvroOracle.plain(AvroOracle.data().getDefaultValue(avro.getField("optional")))).isEqualTo(AvroOracle.expected(expected));
    }

    @Test
    void nonFiniteDefaultsAreAvroTextOnRequiredFieldsAndRejectedNamingTheFieldInAUnion() {
        RowSchema required = RowSchema.of("t.Value",
                new Field("ratio", FieldType.FLOAT64, false, Double.NaN, null),
                new Field("limit", FieldType.FLOAT32, false, Float.NEGATIVE_INFINITY, null));
        RowSchema optional = RowSchema.of("t.Value", new Field("ratio", FieldType.FLOAT64, true, Double.NaN, null));

        Schema avro = parse(AVRO.derive("t", false, required));

        assertThat(AvroOracle.data().getDefaultValue(avro.getField("ratio"))).isEqualTo(Double.NaN);
        assertThat(AvroOracle.data().getDefaultValue(avro.getField("limit"))).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> AVRO.derive("t", false, optional))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
    }

    @Test
    void aDefaultThatDoesNotFitTheColumnIsRejectedNamingTheField() {
        RowSchema schema = RowSchema.of("t.Value",
                new Field("price", new FieldType.Decimal(4, 2), false, new BigDecimal("1.234"), null));

        assertThatThrownBy(() -> AVRO.derive("t", false, schema))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
    }

    private static Schema parse(DerivedSchema derived) {
        // Avro's own parser, validating defaults: the text is what a registry receives.
        return new Schema.Parser().parse(derived.text().text());
    }

    private static JsonNode json(Schema schema) throws Exception {
        return MAPPER.readTree(schema.toString());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
