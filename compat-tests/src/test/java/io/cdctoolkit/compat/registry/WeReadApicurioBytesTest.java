package io.cdctoolkit.compat.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.utils.protobuf.schema.FileDescriptorUtils;
import io.cdctoolkit.schema.decode.RecordDecoder;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes Apicurio's own serializers (3.1.7) write — registering their schema themselves, Confluent
 * framing with the contentId, Protobuf with Confluent message indexes — are read by our
 * {@link RecordDecoder} through the ccompat API into the JSON the docs/formats pages promise,
 * including Protobuf message-index paths other than {@code [0]}.
 */
class WeReadApicurioBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApicurioRegistry registry;

    private RegistryClient ccompat;
    private RecordDecoder decoder;

    @BeforeAll
    static void registry() {
        registry = ApicurioRegistry.shared();
    }

    @BeforeEach
    void decoder() {
        ccompat = new ConfluentRestRegistryClient(RestRegistrySettings.of(registry.ccompatUrl()));
        decoder = new RecordDecoder(SchemaLookup.of(ccompat), SchemaFormats::forType);
    }

    @AfterEach
    void close() throws Exception {
        ccompat.close();
    }

    private static final String AVRO_SCHEMA = """
            {"type": "record", "name": "Order", "namespace": "interop.apicurio", "fields": [
              {"name": "id", "type": "long"},
              {"name": "qty", "type": "int"},
              {"name": "ratio", "type": "float"},
              {"name": "score", "type": "double"},
              {"name": "paid", "type": "boolean"},
              {"name": "note", "type": "string"},
              {"name": "blob", "type": "bytes"},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "clock", "type": {"type": "long", "logicalType": "time-micros"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "at_millis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "ref", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}},
              {"name": "tags", "type": {"type": "array", "items": ["null", "string"]}},
              {"name": "counts", "type": {"type": "map", "values": "long"}},
              {"name": "line", "type": {"type": "record", "name": "Line", "fields": [
                {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}},
              {"name": "maybe", "type": ["null", "string"], "default": null}
            ]}
            """;

    @Test
    void avroWrittenByApicurioReadsAsTheDocumentedJson() throws Exception {
        String topic = ApicurioRegistry.uniqueSubject("interop-apicurio-avro");
        Schema schema = new Schema.Parser().parse(AVRO_SCHEMA);
        GenericRecord line = new GenericData.Record(schema.getField("line").schema());
        line.put("sku", "A-1");
        line.put("qty", 2);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", Long.MIN_VALUE);
        order.put("qty", -3);
        order.put("ratio", Float.NaN);
        order.put("score", Double.NEGATIVE_INFINITY);
        order.put("paid", true);
        order.put("note", "zürich ✓");
        order.put("blob", ByteBuffer.wrap(new byte[]{0, -1}));
        order.put("price", ByteBuffer.wrap(BigInteger.valueOf(-12345).toByteArray())); // -123.45 at scale 2
        order.put("day", -1);                      // 1969-12-31
        order.put("clock", 45_296_123_456L);       // 12:34:56.123456
        order.put("at", -1L);                      // one microsecond before the epoch
        order.put("at_millis", 1_706_704_496_123L); // 2024-01-31T12:34:56.123Z
        order.put("ref", "0f8fad5b-d9cb-469f-a165-70867728950e");
        order.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), "CLOSED"));
        order.put("tags", Arrays.asList("a", null));
        order.put("counts", Map.of("x", 5L));
        order.put("line", line);
        order.put("maybe", null);

        byte[] bytes;
        try (Serializer<Object> serializer = ApicurioSerdes.serializer("avro", registry, Map.of())) {
            bytes = serializer.serialize(topic, order);
        }

        assertConfluentHeader(bytes, topic);
        assertJson(decoder.decode(bytes), """
                {"id": -9223372036854775808, "qty": -3, "ratio": "NaN", "score": "-Infinity", "paid": true,
                 "note": "zürich ✓", "blob": "AP8=", "price": "-123.45", "day": "1969-12-31",
                 "clock": "12:34:56.123456", "at": "1969-12-31T23:59:59.999999Z",
                 "at_millis": "2024-01-31T12:34:56.123000Z", "ref": "0f8fad5b-d9cb-469f-a165-70867728950e",
                 "status": "CLOSED", "tags": ["a", null], "counts": {"x": 5}, "line": {"sku": "A-1", "qty": 2},
                 "maybe": null}
                """);
    }

    /**
     * Two top-level messages: records of the second ({@code [1]}) and of the first ({@code [0]}).
     * (Apicurio's serializer 3.1.7 cannot serialize a nested message: it looks messages up among the
     * file's top-level ones only, so it never writes paths such as {@code [1, 0]}.)
     */
    private static final String PROTO = """
            syntax = "proto3";
            package interop.apicurio;

            import "google/protobuf/timestamp.proto";

            message Header {
              string trace = 1;
            }

            message Order {
              int64 id = 1;
              string note = 2;
              optional int32 qty = 3;
              double price = 4;
              float ratio = 5;
              bool paid = 6;
              bytes blob = 7;
              google.protobuf.Timestamp at = 8;
              repeated string tags = 9;
              map<string, int64> counts = 10;
              Line line = 11;
              repeated Line lines = 12;
              Status status = 13;
              optional string missing = 14;
              Line absent = 15;

              message Line {
                string sku = 1;
                int32 qty = 2;
              }

              enum Status {
                STATUS_UNKNOWN = 0;
                STATUS_OPEN = 1;
                STATUS_CLOSED = 2;
              }
            }
            """;

    @Test
    void protobufWrittenByApicurioWithMessageIndexesOtherThanZeroReadsAsTheDocumentedJson() throws Exception {
        String topic = ApicurioRegistry.uniqueSubject("interop-apicurio-proto");
        // Apicurio's own .proto parser builds the descriptor the serializer works from.
        FileDescriptor file = FileDescriptorUtils.protoFileToFileDescriptor(PROTO, "order.proto", Optional.of("interop.apicurio"));
        Descriptor orderType = file.findMessageTypeByName("Order");
        Descriptor lineType = orderType.findNestedTypeByName("Line");
        Descriptor timestampType = orderType.findFieldByName("at").getMessageType();
        Descriptor countsEntry = orderType.findFieldByName("counts").getMessageType();

        DynamicMessage order = DynamicMessage.newBuilder(orderType)
                .setField(orderType.findFieldByName("id"), -7L)
                .setField(orderType.findFieldByName("note"), "")
                .setField(orderType.findFieldByName("qty"), 0)          // explicitly present zero
                .setField(orderType.findFieldByName("price"), 1.25)
                .setField(orderType.findFieldByName("ratio"), Float.NaN)
                .setField(orderType.findFieldByName("blob"), ByteString.copyFrom(new byte[]{1, 2}))
                .setField(orderType.findFieldByName("at"), DynamicMessage.newBuilder(timestampType)
                        .setField(timestampType.findFieldByName("seconds"), -1L)
                        .setField(timestampType.findFieldByName("nanos"), 999_999_000).build())
                .addRepeatedField(orderType.findFieldByName("tags"), "a")
                .addRepeatedField(orderType.findFieldByName("tags"), "b")
                .addRepeatedField(orderType.findFieldByName("counts"), DynamicMessage.newBuilder(countsEntry)
                        .setField(countsEntry.findFieldByName("key"), "x")
                        .setField(countsEntry.findFieldByName("value"), 5L).build())
                .setField(orderType.findFieldByName("line"), line(lineType, "A", 2))
                .addRepeatedField(orderType.findFieldByName("lines"), line(lineType, "B", 0))
                .setField(orderType.findFieldByName("status"),
                        orderType.findEnumTypeByName("Status").findValueByName("STATUS_CLOSED"))
                .build();
        Descriptor headerType = file.findMessageTypeByName("Header");
        Message header = DynamicMessage.newBuilder(headerType).setField(headerType.findFieldByName("trace"), "t-1").build();

        byte[] orderBytes;
        byte[] headerBytes;
        try (Serializer<Object> serializer = ApicurioSerdes.serializer("protobuf", registry, Map.of())) {
            orderBytes = serializer.serialize(topic, order);
            headerBytes = serializer.serialize(topic, header);
        }

        int id = assertConfluentHeader(orderBytes, topic);
        assertThat(ByteBuffer.wrap(headerBytes, 1, 4).getInt()).as("same file, same schema id").isEqualTo(id);
        // Confluent message indexes after the id: zig-zag count then indexes, [1] = 02 02. Apicurio writes [0]
        // in the same long form, 02 00 (Confluent's serializer shortens it to the single byte 00): both are valid.
        assertThat(Arrays.copyOfRange(orderBytes, 5, 7)).containsExactly(2, 2);
        assertThat(Arrays.copyOfRange(headerBytes, 5, 7)).containsExactly(2, 0);

        assertJson(decoder.decode(orderBytes), """
                {"id": -7, "note": "", "qty": 0, "price": 1.25, "ratio": "NaN", "paid": false, "blob": "AQI=",
                 "at": "1969-12-31T23:59:59.999999Z", "tags": ["a", "b"], "counts": {"x": 5},
                 "line": {"sku": "A", "qty": 2}, "lines": [{"sku": "B", "qty": 0}], "status": "STATUS_CLOSED",
                 "missing": null, "absent": null}
                """);
        assertJson(decoder.decode(headerBytes), """
                {"trace": "t-1"}
                """);
    }

    private static final String MONEY_PROTO = """
            syntax = "proto3";
            package interop.shop;

            message Money {
              sint64 cents = 1;
              string currency = 2;
            }
            """;
    private static final String ITEM_PROTO = """
            syntax = "proto3";
            package interop.shop;

            import "interop/shop/money.proto";

            message Item {
              string sku = 1;
              Money price = 2;
              Kind kind = 3;
            }

            enum Kind {
              KIND_UNSPECIFIED = 0;
              SALE = 1;
              RETURN = 2;
            }
            """;
    private static final String ORDER_PROTO = """
            syntax = "proto3";
            package interop.orders;

            import "interop/shop/item.proto";
            import "interop/shop/money.proto";

            message Purchase {
              int64 id = 1;
              repeated interop.shop.Item items = 2;
              interop.shop.Money total = 3;
            }
            """;

    /**
     * A file importing two others, one of which imports the other: Apicurio's serializer registers each imported
     * file as its own artifact and the schema with references naming them by import path, which the reader needs.
     */
    @Test
    void protobufImportingOtherFilesWrittenByApicurioReadsThroughItsReferences() throws Exception {
        String topic = ApicurioRegistry.uniqueSubject("interop-apicurio-proto-refs");
        FileDescriptor money = FileDescriptorUtils.protoFileToFileDescriptor(MONEY_PROTO, "interop/shop/money.proto",
                Optional.of("interop.shop"));
        FileDescriptor item = FileDescriptorUtils.protoFileToFileDescriptor(ITEM_PROTO, "interop/shop/item.proto",
                Optional.of("interop.shop"), Map.of("interop/shop/money.proto", MONEY_PROTO),
                Map.of("interop/shop/money.proto", money));
        FileDescriptor order = FileDescriptorUtils.protoFileToFileDescriptor(ORDER_PROTO, "interop/orders/purchase.proto",
                Optional.of("interop.orders"),
                Map.of("interop/shop/item.proto", ITEM_PROTO, "interop/shop/money.proto", MONEY_PROTO),
                Map.of("interop/shop/item.proto", item, "interop/shop/money.proto", money));
        Descriptor purchaseType = order.findMessageTypeByName("Purchase");
        Descriptor itemType = item.findMessageTypeByName("Item");
        Descriptor moneyType = money.findMessageTypeByName("Money");
        DynamicMessage purchase = DynamicMessage.newBuilder(purchaseType)
                .setField(purchaseType.findFieldByName("id"), 42L)
                .addRepeatedField(purchaseType.findFieldByName("items"), DynamicMessage.newBuilder(itemType)
                        .setField(itemType.findFieldByName("sku"), "A-1")
                        .setField(itemType.findFieldByName("price"), money(moneyType, -250, "EUR"))
                        .setField(itemType.findFieldByName("kind"), item.findEnumTypeByName("Kind").findValueByName("RETURN"))
                        .build())
                .addRepeatedField(purchaseType.findFieldByName("items"), DynamicMessage.newBuilder(itemType)
                        .setField(itemType.findFieldByName("sku"), "B-2").build())
                .setField(purchaseType.findFieldByName("total"), money(moneyType, -250, "EUR"))
                .build();

        byte[] bytes;
        try (Serializer<Object> serializer = ApicurioSerdes.serializer("protobuf", registry, Map.of())) {
            bytes = serializer.serialize(topic, purchase);
        }

        int id = assertConfluentHeader(bytes, topic);
        // (Apicurio's descriptor utilities add its base files — Google's, its additionalTypes — to every file's
        // dependencies, and the serializer registers those as references too.)
        assertThat(ccompat.schemaById(id).references()).as("the registry's references, by import path")
                .containsKeys("interop/shop/item.proto", "interop/shop/money.proto");
        assertJson(decoder.decode(bytes), """
                {"id": 42, "items": [{"sku": "A-1", "price": {"cents": -250, "currency": "EUR"}, "kind": "RETURN"},
                                     {"sku": "B-2", "price": null, "kind": "KIND_UNSPECIFIED"}],
                 "total": {"cents": -250, "currency": "EUR"}}
                """);
    }

    private static DynamicMessage money(Descriptor moneyType, long cents, String currency) {
        return DynamicMessage.newBuilder(moneyType)
                .setField(moneyType.findFieldByName("cents"), cents)
                .setField(moneyType.findFieldByName("currency"), currency)
                .build();
    }

    private static DynamicMessage line(Descriptor lineType, String sku, int qty) {
        return DynamicMessage.newBuilder(lineType)
                .setField(lineType.findFieldByName("sku"), sku)
                .setField(lineType.findFieldByName("qty"), qty)
                .build();
    }

    @Test
    void jsonSchemaWrittenByApicurioReadsAsTheSameJson() throws Exception {
        String topic = ApicurioRegistry.uniqueSubject("interop-apicurio-json");
        ObjectNode value = (ObjectNode) JSON.readTree("""
                {"id": 9223372036854775807, "note": "zürich ✓ \\"q\\"", "price": 0.1, "paid": false,
                 "tags": ["a", ""], "line": {"sku": "A", "qty": 2}, "maybe": null}
                """);

        byte[] bytes;
        try (Serializer<Object> serializer = ApicurioSerdes.serializer("json_schema", registry,
                Map.of(SerdeConfig.SCHEMA_LOCATION, "interop/order.schema.json"))) {
            bytes = serializer.serialize(topic, value);
        }

        assertConfluentHeader(bytes, topic);
        JsonNode decoded = decoder.decode(bytes);
        assertThat(decoded).isEqualTo(value);
        assertThat(List.of(decoded.get("id").isIntegralNumber(), decoded.get("id").longValue()))
                .containsExactly(true, Long.MAX_VALUE);
    }

    /**
     * The same JSON: the same fields (in any order) with the same values, numbers compared by value
     * (IntNode and LongNode alike).
     */
    private static void assertJson(JsonNode actual, String expected) throws Exception {
        JsonNode wanted = JSON.readTree(expected);
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);
        assertThat(actual.equals(numbersByValue, wanted)).as("%s%n  is%n%s", actual, wanted).isTrue();
    }

    /**
     * Confluent framing: magic byte 0 and, as the 4-byte id, the schema id the ccompat API gives the
     * subject {@code <topic>-value} (Apicurio's contentId). Returns the id.
     */
    private int assertConfluentHeader(byte[] bytes, String topic) {
        assertThat(bytes[0]).as("magic byte").isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(id).isEqualTo(ccompat.latest(topic + "-value").id());
        return id;
    }
}
