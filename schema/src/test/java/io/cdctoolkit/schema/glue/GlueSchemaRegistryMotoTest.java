package io.cdctoolkit.schema.glue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.avro.AvroFormat;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.protobuf.ProtobufFormat;
import io.cdctoolkit.schema.registry.LogicalTypeWarnings;
import io.cdctoolkit.schema.registry.RegistryEncoder;
import io.cdctoolkit.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.DataFormat;
import software.amazon.awssdk.services.glue.model.GetSchemaResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaVersionResponse;
import software.amazon.awssdk.services.glue.model.MetadataKeyValuePair;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Glue call sequence against a real (emulated) Glue API: moto_server. Every expectation is
 * checked through a plain {@link GlueClient} asking moto what it now holds.
 */
class GlueSchemaRegistryMotoTest {

    private static final String SECRET = "s3cr3t-never-printed";

    private static MotoServer moto;
    private static GlueClient admin;
    private static String registry;

    /** Per test, so that without moto_server each test is reported as skipped with the reason. */
    @BeforeEach
    void startMoto() {
        moto = MotoServer.shared();
        if (admin != null) return;
        admin = GlueClients.create(settings("unused"));
        registry = "cdc-" + UUID.randomUUID();
        admin.createRegistry(b -> b.registryName(registry));
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) admin.close();
    }

    private static GlueSettings settings(String registryName) {
        return GlueSettings.of(moto.region())
                .withEndpoint(moto.endpoint())
                .withRegistryName(registryName)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()));
    }

    private static SchemaText avro(String name, String... fields) {
        StringBuilder sb = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"name\":\"").append(fields[i]).append("\",\"type\":\"long\"}");
        }
        return new SchemaText(SchemaType.AVRO, sb.append("]}").toString());
    }

    private static GetSchemaResponse glueSchema(String name) {
        return admin.getSchema(b -> b.schemaId(s -> s.registryName(registry).schemaName(name)));
    }

    private static GetSchemaVersionResponse glueVersion(UUID id) {
        return admin.getSchemaVersion(b -> b.schemaVersionId(id.toString()));
    }

    private static String topic() {
        return "orders_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void firstRegistrationCreatesTheSchemaSameDefinitionFindsItAndAChangedOneIsVersion2() {
        String topic = topic();
        SchemaText v1 = avro("Order", "id");
        SchemaText v2 = avro("Order", "id", "amount");

        UUID first;
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            first = glue.register(topic, v1);
        }
        GetSchemaVersionResponse created = glueVersion(first);
        assertThat(created.versionNumber()).isEqualTo(1L);
        assertThat(created.schemaDefinition()).isEqualTo(v1.text());
        assertThat(created.dataFormat()).isEqualTo(DataFormat.AVRO);
        assertThat(glueSchema(topic).compatibility()).isEqualTo(Compatibility.BACKWARD);

        // A fresh client (empty caches) asks Glue again and must find, not add, the version.
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            assertThat(glue.register(topic, v1)).isEqualTo(first);
            assertThat(glueSchema(topic).latestSchemaVersion()).isEqualTo(1L);

            UUID second = glue.register(topic, v2);
            assertThat(second).isNotEqualTo(first);
            assertThat(glueVersion(second).versionNumber()).isEqualTo(2L);
            assertThat(glueVersion(second).schemaDefinition()).isEqualTo(v2.text());
            assertThat(glueSchema(topic).latestSchemaVersion()).isEqualTo(2L);

            // and both versions are still readable by id
            assertThat(glue.schemaByVersionId(first)).isEqualTo(v1);
            assertThat(glue.schemaByVersionId(second)).isEqualTo(v2);
        }
    }

    /** Protobuf's next table version derives against the schema's latest version in Glue, as against a ccompat registry. */
    @Test
    void aProtobufTableVersionKeepsTheFieldNumbersOfTheLatestVersionInGlue() throws Exception {
        String topic = topic();
        RowSchema v1 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .optional("customer", FieldType.STRING).optional("qty", FieldType.INT32).build();
        RowSchema v2 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .optional("qty", FieldType.INT32).build();
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            assertThat(glue.latest(GlueSchemaRegistry.valueSchemaName(topic))).isEmpty();
        }
        for (Row row : List.of(Row.of(v1, 1L, "c", 3), Row.of(v2, 2L, 5))) {
            // A new encoder each time, as after a restart: the previous version is known from Glue alone.
            try (Encoder encoder = new RegistryEncoder(new ProtobufFormat(),
                    new GlueRegistrar(new GlueSchemaRegistry(settings(registry))))) {
                encoder.encode(topic, Encoder.Role.VALUE, row, Headers.builder());
            }
        }
        assertThat(glueSchema(GlueSchemaRegistry.valueSchemaName(topic)).latestSchemaVersion()).isEqualTo(2L);
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            assertThat(glue.latest(GlueSchemaRegistry.valueSchemaName(topic)).orElseThrow().text())
                    .contains("  int64 id = 1;\n  optional int32 qty = 3;\n  reserved 2;\n");
        }
    }

    /**
     * A decimal's scale changed while the pipeline was stopped: Glue accepts the version (Avro's rules ignore logical
     * types), and the start, comparing with the schema's latest version in Glue, warns as a running pipeline would.
     */
    @Test
    void aLogicalTypeChangedWhileThePipelineWasStoppedIsWarnedOfAtItsStart() throws Exception {
        String topic = topic();
        RowSchema v1 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .optional("balance", new FieldType.Decimal(10, 2)).build();
        RowSchema v2 = RowSchema.builder(topic + ".Value").required("id", FieldType.INT64)
                .optional("balance", new FieldType.Decimal(12, 3)).build();
        Logger logger = (Logger) LoggerFactory.getLogger(LogicalTypeWarnings.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            for (Row row : List.of(Row.of(v1, 1L, new BigDecimal("12.34")), Row.of(v2, 2L, new BigDecimal("1.234")))) {
                try (Encoder encoder = new RegistryEncoder(new AvroFormat(),
                        new GlueRegistrar(new GlueSchemaRegistry(settings(registry))))) {
                    encoder.encode(topic, Encoder.Role.VALUE, row, Headers.builder());
                }
            }
        } finally {
            logger.detachAppender(seen);
        }
        assertThat(glueSchema(GlueSchemaRegistry.valueSchemaName(topic)).latestSchemaVersion()).isEqualTo(2L);
        assertThat(seen.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("subject '" + GlueSchemaRegistry.valueSchemaName(topic) + "' on ")
                .contains("changes " + topic + ".Value.balance: bytes decimal(10,2) → bytes decimal(12,3)")
                .endsWith("(compared with the schema's latest version when this pipeline started writing to it)"));
    }

    @Test
    void keysAndValuesOfATopicAreSeparateSchemas() {
        String topic = topic();
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            UUID value = glue.register(GlueSchemaRegistry.valueSchemaName(topic), avro("Value", "id", "total"));
            UUID key = glue.register(GlueSchemaRegistry.keySchemaName(topic), avro("Key", "id"));

            assertThat(glueVersion(value).schemaArn()).endsWith("/" + registry + "/" + topic);
            assertThat(glueVersion(key).schemaArn()).endsWith("/" + registry + "/" + topic + "-key");
            // each is version 1 of its own schema, not two versions of one
            assertThat(glueVersion(value).versionNumber()).isEqualTo(1L);
            assertThat(glueVersion(key).versionNumber()).isEqualTo(1L);
        }
    }

    @Test
    void newSchemasGetTheConfiguredCompatibilityWithGluesNamesForTransitiveLevels() {
        String topic = topic();
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry)
                .withCompatibility(CompatibilityLevel.FULL_TRANSITIVE))) {
            glue.register(topic, avro("Order", "id"));
        }
        assertThat(glueSchema(topic).compatibility()).isEqualTo(Compatibility.FULL_ALL);
    }

    @Test
    void consumersReadEachDataFormatWithItsTypeFromGlue() {
        // Written by a plain Glue client, as another producer would have.
        String proto = "syntax = \"proto3\";\nmessage Order { int64 id = 1; }\n";
        String json = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}";
        String protoName = topic();
        String jsonName = topic();
        UUID protoVersion = UUID.fromString(admin.createSchema(b -> b.registryId(r -> r.registryName(registry))
                .schemaName(protoName).dataFormat(DataFormat.PROTOBUF).compatibility(Compatibility.BACKWARD)
                .schemaDefinition(proto)).schemaVersionId());
        UUID jsonVersion = UUID.fromString(admin.createSchema(b -> b.registryId(r -> r.registryName(registry))
                .schemaName(jsonName).dataFormat(DataFormat.JSON).compatibility(Compatibility.BACKWARD)
                .schemaDefinition(json)).schemaVersionId());

        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            assertThat(glue.schemaByVersionId(protoVersion)).isEqualTo(new SchemaText(SchemaType.PROTOBUF, proto));
            assertThat(glue.schemaByVersionId(jsonVersion)).isEqualTo(new SchemaText(SchemaType.JSON_SCHEMA, json));
            // and our register finds the same versions for the same definitions
            assertThat(glue.register(protoName, new SchemaText(SchemaType.PROTOBUF, proto))).isEqualTo(protoVersion);
            assertThat(glue.register(jsonName, new SchemaText(SchemaType.JSON_SCHEMA, json))).isEqualTo(jsonVersion);
        }
    }

    @Test
    void standardWireFormatDerivesTheSameIdEverywhereAndRecordsItAsVersionMetadata() {
        String topic = topic();
        SchemaText schema = avro("Order", "id");
        GlueSettings standard = settings(registry).withWireFormat(GlueWireFormat.STANDARD);

        UUID version;
        int id;
        try (GlueSchemaRegistry producer = new GlueSchemaRegistry(standard)) {
            version = producer.register(topic, schema);
            id = producer.standardId(version);
            assertThat(producer.schemaById(id)).isEqualTo(schema);
        }
        try (GlueSchemaRegistry other = new GlueSchemaRegistry(standard)) {
            // a second producer re-records the metadata without failing, and derives the same id
            assertThat(other.register(topic, schema)).isEqualTo(version);
            assertThat(other.standardId(version)).isEqualTo(id);
        }
        // Glue holds exactly this key/value on the version: putting it again is "already exists".
        assertThatThrownBy(() -> admin.putSchemaVersionMetadata(b -> b.schemaVersionId(version.toString())
                .metadataKeyValue(MetadataKeyValuePair.builder()
                        .metadataKey(GlueSchemaRegistry.SCHEMA_ID_METADATA_KEY)
                        .metadataValue(Integer.toString(id)).build())))
                .isInstanceOf(AlreadyExistsException.class);
    }

    /** {@code check}'s item for the registry: PASS saying it exists (moto gives no status: none is printed), FAIL when missing. */
    @Test
    void checkSaysWhetherTheRegistryExists() throws Exception {
        GlueRegistryFactory factory = new GlueRegistryFactory();
        for (String name : List.of(registry, "no-such-registry-" + UUID.randomUUID())) {
            io.cdctoolkit.engine.spi.Options options = io.cdctoolkit.engine.spi.Options.of("schema_registry.glue",
                    factory.spec().options(), Map.of("region", moto.region(), "endpoint", moto.endpoint().toString(),
                            "registry_name", name, "access_key_id", moto.accessKeyId(),
                            "secret_access_key", moto.secretAccessKey()));
            var item = factory.check(options, io.cdctoolkit.engine.spi.ComponentContext.of("glue", java.nio.file.Path.of(".")))
                    .item("registry").orElseThrow();
            if (name.equals(registry)) {
                assertThat(item.outcome()).isEqualTo(io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome.PASS);
                assertThat(item.message()).endsWith("'" + registry + "' in " + moto.region() + " at " + moto.endpoint()
                        + " exists");
            } else {
                assertThat(item.outcome()).isEqualTo(io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome.FAIL);
                assertThat(item.message()).endsWith("does not exist");
                assertThat(item.fix()).contains("aws glue create-registry --registry-name " + name);
            }
        }
    }

    @Test
    void aMissingRegistryIsReportedWithGluesMessageAndNotRetried() {
        GlueSettings missing = settings("no-such-registry-" + UUID.randomUUID())
                .withCredentials(GlueCredentials.staticKeys("AKIDEXAMPLE", SECRET));
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(missing)) {
            assertThatThrownBy(() -> glue.register(topic(), avro("Order", "id")))
                    .isInstanceOfSatisfying(GlueRegistryException.class, e -> {
                        assertThat(e.rejectedSchema()).isFalse();
                        assertThat(e.errorCode()).isEqualTo("EntityNotFoundException");
                        assertThat(e.getMessage()).contains("Registry is not found").contains(missing.registryName())
                                .doesNotContain(SECRET);
                    });
        }
        assertThat(missing.toString()).doesNotContain(SECRET);
    }

    @Test
    void anUnknownVersionIdIsNotFound() {
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings(registry))) {
            UUID unknown = UUID.randomUUID();
            assertThatThrownBy(() -> glue.schemaByVersionId(unknown))
                    .isInstanceOf(GlueRegistryException.class)
                    .hasMessageContaining(unknown.toString());
        }
    }

    @Test
    void anUnreachableEndpointIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GlueSettings nowhere = settings(registry).withEndpoint(URI.create("http://127.0.0.1:" + closedPort))
                .withCredentials(GlueCredentials.staticKeys("AKIDEXAMPLE", SECRET));
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(nowhere)) {
            assertThatThrownBy(() -> glue.register(topic(), avro("Order", "id")))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort)
                    .hasMessageNotContaining(SECRET);
        }
    }
}
