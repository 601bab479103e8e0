package io.cdctoolkit.compat;

import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryKafkaDeserializer;
import com.amazonaws.services.schemaregistry.serializers.json.JsonDataWithSchema;
import com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants;
import com.amazonaws.services.schemaregistry.utils.AvroRecordType;
import com.amazonaws.services.schemaregistry.utils.ProtobufMessageType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.schema.glue.GlueClients;
import io.cdctoolkit.schema.glue.GlueCredentials;
import io.cdctoolkit.schema.glue.GlueSettings;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.cdctoolkit.testing.MotoServer;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.SchemaId;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL → pipeline ({@code schema_registry.mode: glue} against moto_server) → Kafka, read back
 * by AWS's own {@link GlueSchemaRegistryKafkaDeserializer}: snapshot and streamed changes, keys,
 * deletes, and an {@code ALTER TABLE … ADD COLUMN} mid-stream that registers schema version 2 while
 * records of both versions stay readable. (moto accepts every schema change whatever the
 * compatibility level, so rejected versions are tested against a scripted Glue client in schema.)
 */
class GluePipelineTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}, compression {1}")
    @CsvSource({"avro, none", "protobuf, zlib", "json_schema, none"})
    void awsDeserializerReadsEveryChangeOfBothTableVersions(String format, String compression) throws Exception {
        MotoServer moto = MotoServer.shared();
        String db = "glue_" + format + "_" + compression;
        String registry = "pipeline-" + UUID.randomUUID();
        GlueSettings admin = GlueSettings.of(moto.region()).withEndpoint(moto.endpoint()).withRegistryName(registry)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()));
        try (GlueClient glue = GlueClients.create(admin)) {
            MotoGlueRegistries.create(glue, registry);
        }
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL, qty int)",
                "INSERT INTO orders VALUES (1, 'tea', 2), (2, 'cake', NULL)");
        String topic = db + ".public.orders";

        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(pg, moto, db, registry, format, compression)).build();
        PipelineResult result;
        try (var running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot", () -> running.isDone() || pipeline.counts().recordsOut() >= 2, pipeline::counts);
            pg.execute(db, "INSERT INTO orders VALUES (3, 'jam', 1)",
                    "ALTER TABLE orders ADD COLUMN note text",
                    "INSERT INTO orders VALUES (4, 'bread', 5, 'sliced')",
                    "UPDATE orders SET qty = 7 WHERE id = 1",
                    "DELETE FROM orders WHERE id = 2");
            // 3, 4, update 1, delete 2
            Await.until("the streamed changes", () -> running.isDone() || pipeline.counts().recordsOut() >= 6, pipeline::counts);
            result = running.stop();
        } finally {
            pg.execute(db, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'cdc_toolkit_" + db + "'");
        }
        assertThat(result.failure()).isNull();
        assertThat(result.counts().deadLettered()).isZero();

        try (GlueClient glue = GlueClients.create(admin)) {
            // (moto has no ListSchemaVersions; GetSchema says the latest version number)
            var value = glue.getSchema(b -> b.schemaId(SchemaId.builder().registryName(registry).schemaName(topic).build()));
            assertThat(value.latestSchemaVersion()).as("value schema versions in Glue").isEqualTo(2L);
            var key = glue.getSchema(b -> b.schemaId(SchemaId.builder().registryName(registry).schemaName(topic + "-key").build()));
            assertThat(key.latestSchemaVersion()).as("key schema versions in Glue").isEqualTo(1L);
        }

        List<ConsumerRecord<byte[], byte[]>> records = KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals);
        assertThat(records).hasSize(6);
        try (GlueSchemaRegistryKafkaDeserializer aws = deserializer(moto, format, registry)) {
            List<Decoded> decoded = records.stream().map(r -> new Decoded(
                    r.key() == null ? null : aws.deserialize(topic, r.key()),
                    r.value() == null ? null : aws.deserialize(topic, r.value()))).toList();

            assertThat(decoded).extracting(d -> field(d.key(), "id")).containsExactly(1, 2, 3, 4, 1, 2);
            assertThat(decoded).extracting(d -> field(d.value(), "op"))
                    .containsExactly("r", "r", "c", "c", "u", "d");
            assertThat(field(field(decoded.get(0).value(), "after"), "item")).isEqualTo("tea");
            assertThat(field(field(decoded.get(1).value(), "after"), "qty")).isNull();
            assertThat(field(field(decoded.get(2).value(), "after"), "item")).isEqualTo("jam");
            // Version 2: the new column is there and holds its value.
            assertThat(field(field(decoded.get(3).value(), "after"), "note")).isEqualTo("sliced");
            assertThat(field(field(decoded.get(4).value(), "after"), "qty")).isEqualTo(7);
            assertThat(field(field(decoded.get(4).value(), "before"), "qty")).isNull(); // replica identity default
            assertThat(field(field(decoded.get(5).value(), "before"), "id")).isEqualTo(2);
        }
    }

    private record Decoded(Object key, Object value) {
    }

    /** A field of a record AWS decoded (Avro GenericRecord, Protobuf DynamicMessage, JSON with schema). */
    private static Object field(Object record, String name) {
        if (record == null) return null;
        if (record instanceof GenericRecord avro) {
            Object value = avro.get(name);
            return value instanceof CharSequence text ? text.toString() : value;
        }
        if (record instanceof DynamicMessage message) {
            Descriptors.FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
            if (field.hasPresence() && !message.hasField(field)) return null;
            return message.getField(field);
        }
        if (record instanceof JsonDataWithSchema json) {
            return field(parse(json.getPayload()), name);
        }
        if (record instanceof JsonNode node) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) return null;
            if (value.isInt()) return value.intValue();
            if (value.isTextual()) return value.textValue();
            return value;
        }
        throw new AssertionError("unexpected decoded type " + record.getClass());
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static GlueSchemaRegistryKafkaDeserializer deserializer(MotoServer moto, String format, String registry) {
        Map<String, Object> config = Map.of(
                AWSSchemaRegistryConstants.AWS_ENDPOINT, moto.endpoint().toString(),
                AWSSchemaRegistryConstants.AWS_REGION, moto.region(),
                AWSSchemaRegistryConstants.REGISTRY_NAME, registry,
                AWSSchemaRegistryConstants.AVRO_RECORD_TYPE, AvroRecordType.GENERIC_RECORD.getName(),
                AWSSchemaRegistryConstants.PROTOBUF_MESSAGE_TYPE, ProtobufMessageType.DYNAMIC_MESSAGE.getName());
        return new GlueSchemaRegistryKafkaDeserializer(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())), config);
    }

    private String yaml(PostgresServer pg, MotoServer moto, String db, String registry, String format, String compression) {
        return """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: glue
                  format: %s
                  glue:
                    region: %s
                    endpoint: %s
                    registry_name: %s
                    access_key_id: %s
                    secret_access_key: %s
                    compression: %s
                sources:
                  %s:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                pipelines:
                  glue:
                    source: %s
                    sink: kafka
                    settings: { on_error: dead_letter, dead_letter_topic: dlq.%s }
                """.formatted(stateDir, format, moto.region(), moto.endpoint(), registry, moto.accessKeyId(),
                moto.secretAccessKey(), compression, db, pg.host(), pg.port(), db, PostgresServer.SUPERUSER,
                kafka.bootstrapServers(), db, db);
    }
}
