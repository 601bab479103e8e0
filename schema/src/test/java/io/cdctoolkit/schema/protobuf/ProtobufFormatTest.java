package io.cdctoolkit.schema.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.PayloadWriter;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOPIC = "shop.public.items";

    private static final RowSchema ADDRESS = RowSchema.builder("shop.public.Address")
            .required("city", FieldType.STRING).optional("zip", FieldType.STRING).build();

    /** Every field type, required and nullable, including containers that need wrapper messages. */
    private static final RowSchema ALL = RowSchema.builder("shop.public.items.Value")
            .required("id", FieldType.INT64)
            .optional("flag", FieldType.BOOLEAN)
            .optional("i8", FieldType.INT8).optional("i16", FieldType.INT16)
            .optional("i32", FieldType.INT32).optional("i64", FieldType.INT64)
            .optional("f32", FieldType.FLOAT32).optional("f64", FieldType.FLOAT64)
            .optional("name", FieldType.STRING).optional("doc", FieldType.JSON)
            .optional("color", new FieldType.Enum(List.of("red", "green")))
            .optional("uid", FieldType.UUID).optional("price", new FieldType.Decimal(30, 4))
            .optional("blob", FieldType.BYTES)
            .optional("day", FieldType.DATE).optional("at", FieldType.TIME)
            .optional("ts", FieldType.TIMESTAMP).optional("tstz", FieldType.TIMESTAMP_TZ)
            .required("tags", new FieldType.Array(FieldType.STRING))
            .optional("scores", new FieldType.Array(FieldType.INT32))
            .required("attrs", new FieldType.MapType(FieldType.STRING))
            .optional("counts", new FieldType.MapType(FieldType.INT64))
            .optional("address", new FieldType.Struct(ADDRESS))
            .optional("matrix", new FieldType.Array(new FieldType.Array(FieldType.INT64)))
            .required("qty", FieldType.INT32)
            .build();

    private final ProtobufFormat format = new ProtobufFormat();

    // ---------------------------------------------------------------- derive

    @Test
    void derivesOneProto3MessagePerFieldTypeWithPositionPlusOneNumbers() {
        FileDescriptor file = format.deriveDescriptor(TOPIC, false, ALL);
        Descriptor value = file.getMessageTypes().get(0);

        assertThat(file.getPackage()).isEqualTo("shop.public.items");
        assertThat(file.getMessageTypes()).hasSize(1);
        assertThat(value.getName()).isEqualTo("Value");
        for (int i = 0; i < ALL.size(); i++) {
            assertThat(value.getFields().get(i).getName()).isEqualTo(ALL.field(i).name());
            assertThat(value.getFields().get(i).getNumber()).isEqualTo(i + 1);
        }
        assertScalar(value, "id", FieldDescriptor.Type.INT64, false);
        assertScalar(value, "flag", FieldDescriptor.Type.BOOL, true);
        assertScalar(value, "i8", FieldDescriptor.Type.INT32, true);
        assertScalar(value, "i16", FieldDescriptor.Type.INT32, true);
        assertScalar(value, "i32", FieldDescriptor.Type.INT32, true);
        assertScalar(value, "i64", FieldDescriptor.Type.INT64, true);
        assertScalar(value, "f32", FieldDescriptor.Type.FLOAT, true);
        assertScalar(value, "f64", FieldDescriptor.Type.DOUBLE, true);
        assertScalar(value, "name", FieldDescriptor.Type.STRING, true);
        assertScalar(value, "doc", FieldDescriptor.Type.STRING, true);
        assertScalar(value, "color", FieldDescriptor.Type.STRING, true);
        assertScalar(value, "uid", FieldDescriptor.Type.STRING, true);
        assertScalar(value, "price", FieldDescriptor.Type.STRING, true);
        assertScalar(value, "blob", FieldDescriptor.Type.BYTES, true);
        assertScalar(value, "qty", FieldDescriptor.Type.INT32, false);
        assertThat(messageType(value, "day")).isEqualTo("google.type.Date");
        assertThat(messageType(value, "at")).isEqualTo("google.type.TimeOfDay");
        assertThat(messageType(value, "ts")).isEqualTo("google.protobuf.Timestamp");
        assertThat(messageType(value, "tstz")).isEqualTo("google.protobuf.Timestamp");
        assertThat(value.findFieldByName("tags").isRepeated()).isTrue();
        assertThat(value.findFieldByName("tags").getType()).isEqualTo(FieldDescriptor.Type.STRING);
        assertThat(messageType(value, "scores")).isEqualTo("shop.public.items.Value.ListOfInt32");
        assertThat(value.findFieldByName("attrs").isMapField()).isTrue();
        assertThat(messageType(value, "counts")).isEqualTo("shop.public.items.Value.MapOfInt64");
        assertThat(messageType(value, "address")).isEqualTo("shop.public.items.Value.Address");
        assertThat(messageType(value, "matrix")).isEqualTo("shop.public.items.Value.ListOfListOfInt64");
        Descriptor matrix = value.findFieldByName("matrix").getMessageType();
        assertThat(matrix.findFieldByName("values").isRepeated()).isTrue();
        assertThat(matrix.findFieldByName("values").getMessageType().getFullName())
                .isEqualTo("shop.public.items.Value.ListOfInt64");
        assertThat(file.getDependencies()).extracting(FileDescriptor::getName).containsExactly(
                "google/protobuf/timestamp.proto", "google/type/date.proto", "google/type/timeofday.proto");
    }

    @Test
    void anEnvelopeIsTheFirstMessageWithBeforeAndAfterSharingOneNestedValue() {
        RowSchema row = RowSchema.builder("shop.public.orders.Value")
                .required("id", FieldType.INT64).optional("total", new FieldType.Decimal(10, 2)).build();
        RowSchema source = RowSchema.builder("io.debezium.connector.postgresql.Source")
                .required("db", FieldType.STRING).optional("lsn", FieldType.INT64).build();
        RowSchema envelope = Envelope.schema("shop.public.orders", row, source);

        DerivedSchema derived = format.derive("shop.public.orders", false, envelope);

        assertThat(derived.recordName()).isEqualTo("shop.public.orders.Envelope");
        assertThat(derived.text().type()).isEqualTo(SchemaType.PROTOBUF);
        assertThat(derived.text().text()).isEqualTo("""
                syntax = "proto3";

                package shop.public.orders;

                message Envelope {
                  .shop.public.orders.Envelope.Value before = 1;
                  .shop.public.orders.Envelope.Value after = 2;
                  .shop.public.orders.Envelope.Source source = 3;
                  string op = 4;
                  optional int64 ts_ms = 5;

                  message Value {
                    int64 id = 1;
                    optional string total = 2;
                  }

                  message Source {
                    string db = 1;
                    optional int64 lsn = 2;
                  }
                }
                """);
        assertThat(format.derive("shop.public.orders", true, row).recordName()).isEqualTo("shop.public.orders.Key");
    }

    @Test
    void nestedRowsWithTheSameSimpleNameOrAFieldsNameGetDistinctDeterministicNames() {
        RowSchema a = RowSchema.builder("one.Point").required("x", FieldType.INT32).build();
        RowSchema b = RowSchema.builder("two.Point").required("y", FieldType.STRING).build();
        RowSchema self = RowSchema.builder("three.here").required("z", FieldType.BOOLEAN).build();
        RowSchema schema = RowSchema.builder("t.Value")
                .optional("here", new FieldType.Struct(self))
                .optional("p1", new FieldType.Struct(a)).optional("p2", new FieldType.Struct(b))
                .optional("p3", new FieldType.Struct(a))
                .build();

        Descriptor top = format.deriveDescriptor("my-topic", false, schema).getMessageTypes().get(0);

        assertThat(top.getFullName()).isEqualTo("my_topic.Value");
        assertThat(messageType(top, "here")).isEqualTo("my_topic.Value.here_2");
        assertThat(messageType(top, "p1")).isEqualTo("my_topic.Value.Point");
        assertThat(messageType(top, "p2")).isEqualTo("my_topic.Value.Point_2");
        assertThat(messageType(top, "p3")).isEqualTo("my_topic.Value.Point");
        assertThat(format.derive("my-topic", false, schema).text().text())
                .isEqualTo(format.derive("my-topic", false, schema).text().text());
    }

    @Test
    void theDerivedTextParsedByWireSchemaYieldsTheSameDescriptor() {
        FileDescriptor derived = format.deriveDescriptor(TOPIC, false, ALL);
        String text = format.derive(TOPIC, false, ALL).text().text();

        FileDescriptor parsed = ProtoTextParser.parse(text);

        assertThat(DescriptorDump.of(parsed)).isEqualTo(DescriptorDump.of(derived));
        // the printer is a function of the descriptor: printing the parsed file gives the same text
        assertThat(ProtoTextPrinter.print(parsed)).isEqualTo(text);
    }

    // ---------------------------------------------------------------- writer, decoded by protobuf-java

    @Test
    void writerBytesDecodeWithDynamicMessageToEveryValue() throws Exception {
        Row row = fullRow();

        DynamicMessage decoded = decode(ALL, row);
        JsonNode json = MAPPER.readTree(JsonFormat.printer().preservingProtoFieldNames().print(decoded));

        assertThat(json).isEqualTo(MAPPER.readTree("""
                {"id": "42", "flag": false, "i8": -8, "i16": 300, "i32": -2147483648, "i64": "-9223372036854775808",
                 "f32": 1.5, "f64": 2.25, "name": "ünïcode \\"quoted\\"", "doc": "{\\"k\\":[1,2]}", "color": "green",
                 "uid": "6f1c6d4e-8a5b-4a57-9f63-2f6d2f1e9b11", "price": "-12345678901234567890.1230",
                 "blob": "AAH/", "day": {"year": 1969, "month": 7, "day": 20},
                 "at": {"hours": 23, "minutes": 59, "seconds": 58, "nanos": 999999000},
                 "ts": "1969-12-31T23:59:59.123456Z", "tstz": "2024-02-29T12:00:00.000001Z",
                 "tags": ["a", "", "c"], "scores": {"values": [0, -1, 7]},
                 "attrs": {"k1": "v1", "k2": ""}, "counts": {"entries": {"zero": "0", "big": "9007199254740993"}},
                 "address": {"city": "Lyon"},
                 "matrix": {"values": [{"values": ["1", "2"]}, {}, {"values": ["3"]}]},
                 "qty": 5}
                """));
    }

    @Test
    void nullsAreAbsentAndZerosOrEmptyContainersArePresent() throws Exception {
        Row nulls = Row.builder(ALL).set("id", 0L).set("tags", List.of()).set("attrs", Map.of()).set("qty", 0).build();
        Row zeros = Row.builder(ALL).set("id", 0L).set("tags", List.of()).set("attrs", Map.of()).set("qty", 0)
                .set("i32", 0).set("flag", false).set("name", "").set("scores", List.of()).set("counts", Map.of())
                .set("ts", Instant.EPOCH).set("address", Row.of(ADDRESS, "", null)).build();

        DynamicMessage none = decode(ALL, nulls);
        DynamicMessage present = decode(ALL, zeros);

        for (String name : List.of("i32", "flag", "name", "scores", "counts", "ts", "address")) {
            assertThat(none.hasField(none.getDescriptorForType().findFieldByName(name))).as("null %s", name).isFalse();
            assertThat(present.hasField(present.getDescriptorForType().findFieldByName(name))).as("zero/empty %s", name).isTrue();
        }
        FieldDescriptor scores = present.getDescriptorForType().findFieldByName("scores");
        assertThat(((DynamicMessage) present.getField(scores))
                .getRepeatedFieldCount(scores.getMessageType().findFieldByName("values"))).isZero();
        assertThat(encode(ALL, nulls)).isEmpty(); // required zeros and empty repeated fields are proto3 defaults
    }

    @Test
    void theWriterProducesProtobufJavasOwnEncodingOfTheSameMessage() throws Exception {
        Row row = fullRow().with(ALL.indexOf("counts"), Map.of("n", 5L)).with(ALL.indexOf("attrs"), Map.of("k", "v"));

        byte[] ours = encode(ALL, row);
        DynamicMessage decoded = DynamicMessage.parseFrom(descriptor(ALL), ours);

        assertThat(decoded.getUnknownFields().asMap()).isEmpty();
        assertThat(decoded.toByteArray()).isEqualTo(ours);
    }

    @Test
    void valuesThatCannotBeRepresentedFailNamingTheField() {
        RowSchema nested = RowSchema.builder("n.Inner").required("deep", FieldType.INT32).build();
        RowSchema schema = RowSchema.builder("t.Value")
                .optional("list", new FieldType.Array(FieldType.STRING))
                .optional("m", new FieldType.MapType(FieldType.INT64))
                .optional("small", FieldType.INT32)
                .optional("day", FieldType.DATE)
                .optional("ts", FieldType.TIMESTAMP_TZ)
                .optional("inner", new FieldType.Struct(nested))
                .required("must", FieldType.STRING)
                .build();
        PayloadWriter writer = format.writer("t", false, schema);
        Row ok = Row.builder(schema).set("must", "x").build();

        assertRejected(writer, ok.with(0, Arrays.asList("a", null)), "field 'list'", "element 1 is null");
        Map<String, Object> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertRejected(writer, ok.with(1, nullValue), "field 'm'", "key 'k' is null");
        assertRejected(writer, ok.with(2, 5_000_000_000L), "field 'small'", "java.lang.Long");
        assertRejected(writer, ok.with(3, LocalDate.of(10_000, 1, 1)), "field 'day'", "+10000-01-01");
        assertRejected(writer, ok.with(4, Instant.parse("-0001-12-31T00:00:00Z")), "field 'ts'", "range");
        assertRejected(writer, ok.with(5, Row.of(nested, (Object) null)), "field 'inner.deep'", "required");
        assertRejected(writer, ok.with(6, null), "field 'must'", "required");
        assertRejected(writer, ok.with(2, "7"), "field 'small'", "java.lang.String");
    }

    // ---------------------------------------------------------------- reader

    @Test
    void readerGivesTheSameJsonAsRowJsonForEveryType() throws Exception {
        PayloadReader reader = format.reader(format.derive(TOPIC, false, ALL).text());
        Row nulls = Row.builder(ALL).set("id", 0L).set("tags", List.of()).set("attrs", Map.of()).set("qty", 0).build();
        Row nanFloats = fullRow().with(ALL.indexOf("f32"), Float.NEGATIVE_INFINITY).with(ALL.indexOf("f64"), Double.NaN);

        for (Row row : List.of(fullRow(), nulls, nanFloats)) {
            byte[] bytes = encode(ALL, row);
            assertThat(MAPPER.writeValueAsString(reader.read(bytes, 0, bytes.length))).isEqualTo(RowJson.toJson(row));
        }
    }

    @Test
    void subMicrosecondDigitsAreWrittenAndReadBackInsteadOfBeingDropped() throws Exception {
        RowSchema schema = RowSchema.builder("t.Value").optional("ts", FieldType.TIMESTAMP_TZ)
                .optional("at", FieldType.TIME).build();
        Row row = Row.of(schema, Instant.parse("1969-12-31T23:59:59.999999999Z"), LocalTime.of(0, 0, 0, 1));
        byte[] bytes = encode("t", schema, row);

        JsonNode json = format.reader(format.derive("t", false, schema).text()).read(bytes, 0, bytes.length);

        assertThat(json.get("ts").asText()).isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(json.get("at").asText()).isEqualTo("00:00:00.000000001");
    }

    @Test
    void readerOfAnEnvelopeMatchesRowJsonIncludingTheSourceBlock() throws Exception {
        RowSchema row = RowSchema.builder("db.public.t.Value").required("id", FieldType.INT64)
                .optional("seen", FieldType.TIMESTAMP_TZ).build();
        RowSchema source = RowSchema.builder("source").required("db", FieldType.STRING).build();
        RowSchema envelope = Envelope.schema("db.public.t", row, source);
        Row event = Envelope.row(envelope, null, Row.of(row, 1L, Instant.parse("1900-01-01T00:00:00.000007Z")),
                Row.of(source, "db"), Op.CREATE, Instant.ofEpochMilli(1_700_000_000_000L));
        PayloadReader reader = format.reader(format.derive("db.public.t", false, envelope).text());

        byte[] bytes = encode("db.public.t", envelope, event);

        assertThat(MAPPER.writeValueAsString(reader.read(bytes, 0, bytes.length))).isEqualTo(RowJson.toJson(event));
    }

    @Test
    void readerFollowsTheMessageIndexPathOfAnotherProducersSchema() throws Exception {
        String text = """
                syntax = "proto3";
                package other;
                import "google/protobuf/wrappers.proto";
                message First { string a = 1; }
                message Second {
                  enum Kind { KIND_UNSPECIFIED = 0; BIG = 1; }
                  message Inner { uint64 u = 1; }
                  Kind kind = 3;
                  oneof choice { string text = 5; int32 number = 6; }
                  google.protobuf.Int32Value wrapped = 2;
                  repeated Inner inners = 1;
                  map<string, Inner> by_name = 4;
                }
                """;
        FileDescriptor file = ProtoTextParser.parse(text);
        Descriptor second = file.getMessageTypes().get(1);
        Descriptor inner = second.findNestedTypeByName("Inner");
        assertThat(second.getNestedTypes()).extracting(Descriptor::getName).containsExactly("Inner", "ByNameEntry");
        DynamicMessage innerMsg = DynamicMessage.newBuilder(inner).setField(inner.findFieldByName("u"), -1L).build();
        DynamicMessage message = DynamicMessage.newBuilder(second)
                .setField(second.findFieldByName("kind"), second.getEnumTypes().get(0).findValueByName("BIG"))
                .setField(second.findFieldByName("number"), 0)
                .addRepeatedField(second.findFieldByName("inners"), innerMsg)
                .build();
        byte[] bytes = message.toByteArray();
        SchemaText schema = new SchemaText(SchemaType.PROTOBUF, text);

        JsonNode json = format.reader(schema, List.of(1)).read(bytes, 0, bytes.length);
        byte[] innerBytes = innerMsg.toByteArray();
        JsonNode innerJson = format.reader(schema, List.of(1, 0)).read(innerBytes, 0, innerBytes.length);

        // declaration order, the oneof member set to 0 present, the unset one null, the unset wrapper null
        assertThat(MAPPER.writeValueAsString(json)).isEqualTo(
                "{\"kind\":\"BIG\",\"text\":null,\"number\":0,\"wrapped\":null,"
                        + "\"inners\":[{\"u\":18446744073709551615}],\"by_name\":{}}");
        assertThat(MAPPER.writeValueAsString(innerJson)).isEqualTo("{\"u\":18446744073709551615}");
        assertThatThrownBy(() -> format.reader(schema, List.of(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> format.reader(new SchemaText(SchemaType.PROTOBUF,
                "syntax = \"proto3\";\nimport \"other/thing.proto\";\nmessage A { int32 a = 1; }\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other/thing.proto");
    }

    @Test
    void readerResolvesImportsAmongTheSchemasReferences() throws Exception {
        // A file importing two others, one of which imports the other (as a registry answers such a schema: its
        // references by import path, each with its own), types named relative to their package and fully.
        SchemaText money = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package shop;
                message Money { sint64 cents = 1; }
                """);
        SchemaText line = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package shop;
                import "shop/money.proto";
                message Line { Money price = 1; Kind kind = 2; }
                enum Kind { KIND_UNSPECIFIED = 0; SALE = 1; RETURN = 2; }
                """, Map.of("shop/money.proto", money));
        SchemaText order = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package orders;
                import "shop/line.proto";
                import "shop/money.proto";
                import "google/protobuf/timestamp.proto";
                message Order { repeated shop.Line lines = 1; .shop.Money total = 2; google.protobuf.Timestamp at = 3; }
                """, Map.of("shop/line.proto", line, "shop/money.proto", money));
        // The bytes written field by field, not through a descriptor of ours.
        byte[] bytes = message(out -> {
            out.writeByteArray(1, message(l -> {
                l.writeByteArray(1, message(m -> m.writeSInt64(1, -5)));
                l.writeEnum(2, 2);
            }));
            out.writeByteArray(1, message(l -> l.writeEnum(2, 1)));
            out.writeByteArray(2, message(m -> m.writeSInt64(1, 1250)));
        });

        JsonNode json = format.reader(order).read(bytes, 0, bytes.length);

        assertThat(MAPPER.writeValueAsString(json)).isEqualTo("{\"lines\":[{\"price\":{\"cents\":-5},\"kind\":\"RETURN\"},"
                + "{\"price\":null,\"kind\":\"SALE\"}],\"total\":{\"cents\":1250},\"at\":null}");
        assertThatThrownBy(() -> format.reader(new SchemaText(SchemaType.PROTOBUF, order.text(),
                Map.of("shop/money.proto", money))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("import \"shop/line.proto\" is neither a well-known file nor among the schema's references "
                        + "(shop/money.proto)");
        assertThatThrownBy(() -> format.reader(new SchemaText(SchemaType.PROTOBUF, order.text(),
                Map.of("shop/money.proto", money, "shop/line.proto", new SchemaText(SchemaType.PROTOBUF, line.text())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("imported file shop/line.proto: import \"shop/money.proto\" is neither a well-known file nor "
                        + "a schema reference (the registry gave none)");
    }

    /** Protobuf bytes written by {@code fields}. */
    private static byte[] message(ProtoFields fields) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
        fields.write(coded);
        coded.flush();
        return out.toByteArray();
    }

    private interface ProtoFields {
        void write(com.google.protobuf.CodedOutputStream out) throws Exception;
    }

    @Test
    void readerDecodesConfluentsDecimalAndTheOptionsOfItsProtobufConverter() throws Exception {
        // As Confluent's Protobuf converter registers a Connect schema with decimals: its two imports, which Confluent
        // Schema Registry resolves without references, and field_meta options carrying the Connect parameters.
        String text = """
                syntax = "proto3";
                package shop.public.orders;

                import "confluent/meta.proto";
                import "confluent/type/decimal.proto";

                message Value {
                  int32 id = 1;
                  confluent.type.Decimal amount = 2 [(confluent.field_meta) = {
                    params: [
                      {
                        key: "connect.decimal.precision",
                        value: "10"
                      },
                      {
                        key: "scale",
                        value: "2"
                      }
                    ]
                  }];
                  confluent.type.Decimal zero = 3;
                  confluent.type.Decimal unset = 4;
                }
                """;
        // The bytes written field by field (not through a descriptor of ours): Decimal is value = 1 (the unscaled
        // value's BigInteger.toByteArray()), precision = 2, scale = 3.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
        coded.writeInt32(1, 7);
        coded.writeByteArray(2, decimalMessage(new java.math.BigDecimal("-1234.50")));
        coded.writeByteArray(3, decimalMessage(new java.math.BigDecimal("0.00")));
        coded.flush();
        byte[] bytes = out.toByteArray();

        JsonNode json = format.reader(new SchemaText(SchemaType.PROTOBUF, text)).read(bytes, 0, bytes.length);

        assertThat(MAPPER.writeValueAsString(json))
                .isEqualTo("{\"id\":7,\"amount\":\"-1234.50\",\"zero\":\"0.00\",\"unset\":null}");
    }

    private static byte[] decimalMessage(java.math.BigDecimal value) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
        coded.writeByteArray(1, value.unscaledValue().toByteArray());
        coded.writeUInt32(2, value.precision());
        coded.writeInt32(3, value.scale());
        coded.flush();
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- helpers

    private static Row fullRow() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("k1", "v1");
        attrs.put("k2", "");
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("zero", 0L);
        counts.put("big", 9_007_199_254_740_993L);
        List<Object> matrix = new ArrayList<>();
        matrix.add(List.of(1L, 2L));
        matrix.add(List.of());
        matrix.add(List.of(3L));
        return Row.builder(ALL)
                .set("id", 42L).set("flag", false).set("i8", (byte) -8).set("i16", (short) 300)
                .set("i32", Integer.MIN_VALUE).set("i64", Long.MIN_VALUE).set("f32", 1.5f).set("f64", 2.25)
                .set("name", "ünïcode \"quoted\"").set("doc", "{\"k\":[1,2]}").set("color", "green")
                .set("uid", UUID.fromString("6f1c6d4e-8a5b-4a57-9f63-2f6d2f1e9b11"))
                .set("price", new BigDecimal("-12345678901234567890.1230"))
                .set("blob", new byte[] {0, 1, (byte) 0xff})
                .set("day", LocalDate.of(1969, 7, 20)).set("at", LocalTime.of(23, 59, 58, 999_999_000))
                .set("ts", Instant.parse("1969-12-31T23:59:59.123456Z"))
                .set("tstz", Instant.parse("2024-02-29T12:00:00.000001Z"))
                .set("tags", List.of("a", "", "c")).set("scores", List.of(0, -1, 7))
                .set("attrs", attrs).set("counts", counts)
                .set("address", Row.of(ADDRESS, "Lyon", null))
                .set("matrix", matrix).set("qty", 5)
                .build();
    }

    /**
     * What check warns about under Protobuf (UnwritableColumns): every place a null element or map value can sit,
     * nested ones included, and nothing else. The oracle is the writer itself: a null at each place named is refused,
     * nulls everywhere else are written; Avro and JSON Schema write all of them.
     */
    @Test
    void unwritableValuesNameEveryPlaceANullElementOrMapValueCanSitAndTheWriterAgrees() throws Exception {
        RowSchema lines = RowSchema.builder("t.Address").optional("city", FieldType.STRING)
                .optional("lines", new FieldType.Array(FieldType.STRING)).build();
        RowSchema schema = RowSchema.builder("t.Value").required("id", FieldType.INT64)
                .optional("tags", new FieldType.Array(FieldType.STRING))
                .optional("attrs", new FieldType.MapType(FieldType.INT32))
                .optional("address", new FieldType.Struct(lines))
                .optional("note", FieldType.STRING).build();

        assertThat(format.refusesValuesItsSchemasAllow()).isTrue();
        assertThat(format.unwritableValues(schema)).extracting(v -> v.path() + ": " + v.value()).containsExactly(
                "tags: a null element", "attrs: a null map value", "address.lines: a null element");

        PayloadWriter writer = format.writer(TOPIC, false, schema);
        Map<String, Integer> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        Row ok = Row.of(schema, 1L, List.of("a"), Map.of("k", 1), Row.of(lines, null, List.of("x")), null);
        Row nulls = Row.of(schema, 1L, null, null, Row.of(lines, null, null), null);
        Row nullTag = Row.of(schema, 1L, Arrays.asList("a", null), null, null, null);
        Row nullAttr = Row.of(schema, 1L, null, nullValue, null, null);
        Row nullLine = Row.of(schema, 1L, null, null, Row.of(lines, "Lyon", Arrays.asList(null, "x")), null);
        for (Row row : List.of(ok, nulls)) writer.write(row, new ByteArrayOutputStream());
        assertRejected(writer, nullTag, "tags", "null");
        assertRejected(writer, nullAttr, "attrs", "null");
        assertRejected(writer, nullLine, "lines", "null");

        for (io.cdctoolkit.schema.format.SchemaFormat other : List.of(new io.cdctoolkit.schema.avro.AvroFormat(),
                new io.cdctoolkit.schema.jsonschema.JsonSchemaFormat(true))) {
            assertThat(other.refusesValuesItsSchemasAllow()).isFalse();
            assertThat(other.unwritableValues(schema)).isEmpty();
            PayloadWriter theirs = other.writer(TOPIC, false, schema);
            for (Row row : List.of(nullTag, nullAttr, nullLine)) theirs.write(row, new ByteArrayOutputStream());
        }
    }

    private void assertRejected(PayloadWriter writer, Row row, String field, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> writer.write(row, out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field).hasMessageContaining(reason);
        assertThat(out.size()).as("nothing written for a rejected row").isZero();
    }

    private Descriptor descriptor(RowSchema schema) {
        return format.deriveDescriptor(TOPIC, false, schema).getMessageTypes().get(0);
    }

    private byte[] encode(RowSchema schema, Row row) throws Exception {
        return encode(TOPIC, schema, row);
    }

    private byte[] encode(String topic, RowSchema schema, Row row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer(topic, false, schema).write(row, out);
        return out.toByteArray();
    }

    private DynamicMessage decode(RowSchema schema, Row row) throws Exception {
        DynamicMessage message = DynamicMessage.parseFrom(descriptor(schema), encode(schema, row));
        assertThat(message.getUnknownFields().asMap()).isEmpty();
        return message;
    }

    private static void assertScalar(Descriptor message, String name, FieldDescriptor.Type type, boolean presence) {
        FieldDescriptor f = message.findFieldByName(name);
        assertThat(f.getType()).as(name).isEqualTo(type);
        assertThat(f.isRepeated()).as(name).isFalse();
        assertThat(f.hasPresence()).as("%s has presence", name).isEqualTo(presence);
    }

    private static String messageType(Descriptor message, String name) {
        FieldDescriptor f = message.findFieldByName(name);
        assertThat(f.isRepeated()).as(name).isFalse();
        return f.getMessageType().getFullName();
    }
}
