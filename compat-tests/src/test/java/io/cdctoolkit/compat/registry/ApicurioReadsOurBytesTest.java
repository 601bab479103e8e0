package io.cdctoolkit.compat.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.modes.ExternalRegistryFactory;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bytes we produce — the {@code external} registry encoder pointed at a real Apicurio Registry's
 * ccompat API — decode with Apicurio's own deserializers (3.1.7, configured with nothing but the
 * native URL, plus Confluent message indexes for Protobuf) to the source rows' values, field by field,
 * for every field type and its edge values, in Avro, Protobuf and JSON Schema: flat values, Debezium
 * envelopes and keys.
 */
class ApicurioReadsOurBytesTest {

    private static ApicurioRegistry registry;

    @BeforeAll
    static void registry() {
        registry = ApicurioRegistry.shared();
    }

    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf", "json_schema"})
    void flatRowsOfEveryFieldTypeDecodeToTheSourceValues(String format) throws Exception {
        String topic = topic(format, "flat");
        try (Encoder encoder = encoder(format);
             Deserializer<Object> apicurio = ApicurioSerdes.deserializer(format, registry, false)) {
            for (Row row : InteropRows.flatRows(carriesNullElements(format))) {
                byte[] bytes = encoder.encode(topic, Encoder.Role.VALUE, row, Headers.builder());
                Object decoded = ApicurioSerdes.deserialize(apicurio, format, topic, false, "Value", bytes);
                assertTopLevelName(decoded, topic + ".Value");
                DecodedRowAssert.assertRow("value(id=" + row.get(0) + ")", row, plain(format, row.schema(), decoded));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf", "json_schema"})
    void envelopesDecodeToTheSourceValues(String format) throws Exception {
        String topic = topic(format, "env");
        RowSchema envelope = InteropRows.envelopeSchema(topic);
        try (Encoder encoder = encoder(format);
             Deserializer<Object> apicurio = ApicurioSerdes.deserializer(format, registry, false)) {
            for (Row row : InteropRows.envelopes(envelope, carriesNullElements(format))) {
                byte[] bytes = encoder.encode(topic, Encoder.Role.VALUE, row, Headers.builder());
                Object decoded = ApicurioSerdes.deserialize(apicurio, format, topic, false, "Envelope", bytes);
                assertTopLevelName(decoded, topic + ".Envelope");
                DecodedRowAssert.assertRow("envelope(op=" + row.get(Envelope.OP_INDEX) + ")", row,
                        plain(format, envelope, decoded));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf", "json_schema"})
    void keysDecodeToTheSourceValues(String format) throws Exception {
        String topic = topic(format, "key");
        try (Encoder encoder = encoder(format);
             Deserializer<Object> apicurio = ApicurioSerdes.deserializer(format, registry, true)) {
            for (Row key : InteropRows.keys()) {
                byte[] bytes = encoder.encode(topic, Encoder.Role.KEY, key, Headers.builder());
                Object decoded = ApicurioSerdes.deserialize(apicurio, format, topic, true, "Key", bytes);
                assertTopLevelName(decoded, topic + ".Key");
                DecodedRowAssert.assertRow("key", key, plain(format, key.schema(), decoded));
            }
        }
    }

    /**
     * {@code use_latest_version: true} against the real registry: the latest version, as Apicurio gives its text back,
     * is recognised as the derived schema (Apicurio decodes the records written under its id), and once a newer table
     * version is the latest, a row of the older one is refused rather than written under the newer schema's id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf", "json_schema"})
    void useLatestVersionWritesTheLatestIdOnlyForTheSchemaItIs(String format) throws Exception {
        String topic = topic(format, "latest");
        RowSchema v1 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .required("name", FieldType.STRING).build();
        RowSchema v2 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .required("name", FieldType.STRING).optional("note", FieldType.STRING).build();
        Row first = Row.of(v1, 1L, "a");
        try (Encoder registering = encoder(format, Map.of());
             Encoder latest = encoder(format, Map.of("use_latest_version", true));
             Deserializer<Object> apicurio = ApicurioSerdes.deserializer(format, registry, false)) {
            registering.encode(topic, Encoder.Role.VALUE, first, Headers.builder());
            byte[] bytes = latest.encode(topic, Encoder.Role.VALUE, first, Headers.builder());
            Object decoded = ApicurioSerdes.deserialize(apicurio, format, topic, false, "Value", bytes);
            DecodedRowAssert.assertRow("v1 under the latest id", first, plain(format, v1, decoded));

            registering.encode(topic, Encoder.Role.VALUE, Row.of(v2, 2L, "b", "n"), Headers.builder());
            try (Encoder afterTheChange = encoder(format, Map.of("use_latest_version", true))) {
                assertThatThrownBy(() -> afterTheChange.encode(topic, Encoder.Role.VALUE, Row.of(v1, 3L, "c"),
                        Headers.builder())).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("the latest version of " + topic + "-value (version 2,")
                        .hasMessageContaining("(that is version 1,");
            }
        }
    }

    /** Protobuf's repeated and map fields cannot hold null (documented; our writer rejects such rows). */
    private static boolean carriesNullElements(String format) {
        return !format.equals("protobuf");
    }

    /** A fresh topic whose name every format keeps as it is (no character needs replacing). */
    private static String topic(String format, String kind) {
        return "interop." + format + "." + kind + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Encoder encoder(String format) throws Exception {
        return encoder(format, Map.of());
    }

    private static Encoder encoder(String format, Map<String, Object> extra) throws Exception {
        ExternalRegistryFactory factory = new ExternalRegistryFactory();
        Map<String, Object> raw = new java.util.HashMap<>(Map.of("url", registry.ccompatUrl(), "format", format));
        raw.putAll(extra);
        Options options = Options.of("schema_registry.external", factory.spec().options(), raw);
        return factory.create(options, new ComponentContext("registry", "schema_registry.external", null, Path.of("."),
                new SimpleMeterRegistry()));
    }

    private static Object plain(String format, RowSchema schema, Object decoded) {
        return switch (format) {
            case "avro" -> AvroPlain.plain(((GenericRecord) decoded).getSchema(), decoded);
            case "protobuf" -> ProtobufPlain.row(schema, (Message) decoded);
            case "json_schema" -> JsonPlain.row(schema, (JsonNode) decoded);
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** The Avro record / Protobuf message full name the decoded value came with (JSON carries none). */
    private static void assertTopLevelName(Object decoded, String expected) {
        if (decoded instanceof GenericRecord record) assertThat(record.getSchema().getFullName()).isEqualTo(expected);
        if (decoded instanceof Message message) assertThat(message.getDescriptorForType().getFullName()).isEqualTo(expected);
    }
}
