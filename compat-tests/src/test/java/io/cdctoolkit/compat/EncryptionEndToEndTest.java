package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.schema.decode.CdcRecordDeserializer;
import io.cdctoolkit.security.DecryptingDeserializer;
import io.cdctoolkit.security.DecryptionException;
import io.cdctoolkit.security.FieldDecryptor;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10's encryption bar: PostgreSQL → Kafka with {@code ssn} and {@code email} encrypted (and one
 * decimal column, to show a non-string type coming back exact), once as plain JSON (registry
 * {@code disabled}) and once as Avro through a {@code mock://} registry. Every byte of every record in
 * the topics — keys, values, header keys and values — is scanned for the plaintext of those columns;
 * {@link DecryptingDeserializer} (over plain JSON, and over the registry's {@link CdcRecordDeserializer})
 * restores the values exactly; a ciphertext copied into another column does not decrypt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionEndToEndTest {

    private static final String KEY = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k="; // 32 bytes
    private static final List<String> PLAINTEXTS = List.of("ada@example.com", "123-45-6789", "bob@example.com",
            "987-65-4321", "ada@lovelace.org", "555-12-3456", "dee@example.org", "4321.09");
    private static final String REGISTRY = "mock://encryption-e2e";

    private KafkaTestCluster kafka;
    private List<ConsumerRecord<byte[], byte[]>> jsonRecords;
    private List<ConsumerRecord<byte[], byte[]>> avroRecords;

    @BeforeAll
    void capture(@TempDir Path stateDir) throws Exception {
        kafka = KafkaTestCluster.start();
        PostgresServer pg = PostgresServer.shared();
        jsonRecords = run(pg, stateDir.resolve("json"), "e2e_enc_json", "");
        avroRecords = run(pg, stateDir.resolve("avro"), "e2e_enc_avro", """
                schema_registry:
                  mode: external
                  format: avro
                  external: { url: "%s" }
                """.formatted(REGISTRY));
    }

    @AfterAll
    void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    private List<ConsumerRecord<byte[], byte[]>> run(PostgresServer pg, Path stateDir, String db, String registry)
            throws Exception {
        pg.createDatabase(db);
        pg.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, name text, email text, ssn text, balance numeric(10,2))",
                "ALTER TABLE customers REPLICA IDENTITY FULL",
                "CREATE TABLE accounts (id int PRIMARY KEY, owner_email text, balance numeric(10,2))",
                "INSERT INTO customers VALUES (1, 'Ada', 'ada@example.com', '123-45-6789', 1.50),"
                        + " (2, 'Bob', 'bob@example.com', '987-65-4321', NULL)",
                "INSERT INTO accounts VALUES (10, 'ada@example.com', 4321.09)");
        String yaml = """
                version: "1.0"
                state_dir: %s
                %s
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
                      topic_routing: "%s.{table}"
                      transforms:
                        - type: extract_new_record_state
                          predicate: { tables: ['accounts$'] }
                      cdc_features:
                        encryption:
                          fields: [ssn, email, "*_email", "public.accounts.balance"]
                          key: %s
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                pipelines:
                  enc:
                    source: %s
                    sink: kafka
                """.formatted(stateDir, registry, db, pg.host(), pg.port(), db, PostgresServer.SUPERUSER, db, KEY,
                kafka.bootstrapServers(), db);
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml).build();
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("3 snapshot records", () -> running.isDone() || pipeline.counts().recordsOut() >= 3,
                    pipeline::counts);
            pg.execute(db,
                    "INSERT INTO customers VALUES (4, 'Dee', 'dee@example.org', '555-12-3456', 10.00)",
                    "UPDATE customers SET email = 'ada@lovelace.org' WHERE id = 1",
                    "DELETE FROM customers WHERE id = 2");
            Await.until("6 records", () -> running.isDone() || pipeline.counts().recordsOut() >= 6, pipeline::counts);
            PipelineResult result = running.stop();
            assertThat(result.failure()).isNull();
        }
        return KafkaRecords.readAll(kafka.bootstrapServers(), topic -> topic.startsWith(db + "."));
    }

    @Test
    void the_records_are_what_the_modes_write_with_the_columns_encrypted() {
        assertThat(jsonRecords).filteredOn(r -> r.value() != null)
                .allSatisfy(r -> assertThat(r.value()[0]).isEqualTo((byte) '{'));
        assertThat(avroRecords).filteredOn(r -> r.value() != null)
                .allSatisfy(r -> assertThat(r.value()[0]).isEqualTo((byte) 0)); // registry wire format
        JsonNode first = KafkaRecords.json(jsonRecords.stream()
                .filter(r -> r.topic().equals("e2e_enc_json.customers") && r.value() != null).findFirst().orElseThrow().value());
        assertThat(first.at("/after/email").asText()).startsWith("enc:v1:");
        assertThat(first.at("/after/ssn").asText()).startsWith("enc:v1:");
        assertThat(first.at("/after/name").asText()).isIn("Ada", "Bob", "Dee");
    }

    @Test
    void no_byte_of_any_record_holds_a_plaintext_of_an_encrypted_column() {
        for (List<ConsumerRecord<byte[], byte[]>> records : List.of(jsonRecords, avroRecords)) {
            assertThat(records).hasSizeGreaterThanOrEqualTo(6);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                List<byte[]> parts = new ArrayList<>();
                parts.add(r.key());
                parts.add(r.value());
                for (Header h : r.headers()) {
                    parts.add(h.key().getBytes(StandardCharsets.UTF_8));
                    parts.add(h.value());
                }
                for (byte[] part : parts) {
                    if (part == null) continue;
                    String latin1 = new String(part, StandardCharsets.ISO_8859_1); // byte for byte
                    for (String secret : PLAINTEXTS) {
                        assertThat(latin1).as("%s@%d in %s", r.topic(), r.offset(), secret).doesNotContain(secret);
                    }
                    assertThat(latin1).doesNotContain(KEY);
                }
            }
        }
    }

    @Test
    void the_decrypting_deserializer_restores_exact_values_and_types_from_plain_json() throws Exception {
        try (DecryptingDeserializer values = new DecryptingDeserializer()) {
            values.configure(Map.of("cdc.decrypt.key", KEY), false);
            assertRestored(jsonRecords, values, "e2e_enc_json");
        }
    }

    @Test
    void the_decrypting_deserializer_restores_exact_values_on_top_of_the_registry_deserializer() throws Exception {
        CdcRecordDeserializer avro = new CdcRecordDeserializer();
        try (DecryptingDeserializer values = DecryptingDeserializer.wrapping(
                FieldDecryptor.fromConfig("decrypt", Map.of("key", KEY)), avro, node -> node)) {
            values.configure(Map.of(CdcRecordDeserializer.REGISTRY_URL, REGISTRY), false);
            assertRestored(avroRecords, values, "e2e_enc_avro");
        }
    }

    private static void assertRestored(List<ConsumerRecord<byte[], byte[]>> records, Deserializer<JsonNode> values,
                                       String db) {
        List<JsonNode> customers = new ArrayList<>();
        List<JsonNode> accounts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode value = values.deserialize(r.topic(), r.headers(), r.value());
            if (value == null) continue;
            if (r.topic().equals(db + ".customers")) customers.add(value);
            if (r.topic().equals(db + ".accounts")) accounts.add(value);
        }
        JsonNode ada = find(customers, "c", "/after/id", 1);
        assertThat(ada.get("after")).isEqualTo(object(
                "{\"id\":1,\"name\":\"Ada\",\"email\":\"ada@example.com\",\"ssn\":\"123-45-6789\",\"balance\":\"1.50\"}"));
        JsonNode bob = find(customers, "r", "/after/id", 2);
        assertThat(bob.at("/after/ssn").asText()).isEqualTo("987-65-4321");
        assertThat(bob.at("/after/balance").isNull()).isTrue();
        JsonNode update = find(customers, "u", "/after/id", 1);
        assertThat(update.at("/before/email").asText()).isEqualTo("ada@example.com");
        assertThat(update.at("/after/email").asText()).isEqualTo("ada@lovelace.org");
        JsonNode delete = find(customers, "d", "/before/id", 2);
        assertThat(delete.at("/before/email").asText()).isEqualTo("bob@example.com");
        assertThat(find(customers, "c", "/after/id", 4).at("/after/ssn").asText()).isEqualTo("555-12-3456");
        // The flat row (extract_new_record_state): placed by the cdc.encryption.context header.
        assertThat(accounts).singleElement().isEqualTo(
                object("{\"id\":10,\"owner_email\":\"ada@example.com\",\"balance\":\"4321.09\"}"));
    }

    /** The snapshot read of Ada is op "r"; the later insert of Dee "c". Finds by op and id. */
    private static JsonNode find(List<JsonNode> values, String op, String idPointer, int id) {
        List<JsonNode> found = values.stream()
                .filter(v -> (op.equals(v.path("op").asText()) || ("c".equals(op) && "r".equals(v.path("op").asText())))
                        && v.at(idPointer).asInt() == id)
                .toList();
        assertThat(found).as("%s id %d in %s", op, id, values).isNotEmpty();
        return found.get(0);
    }

    private static JsonNode object(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_registered_avro_schema_says_the_fields_are_encrypted_strings_of_their_original_type() {
        var registry = io.cdctoolkit.schema.registry.MockRegistries.forUrl(REGISTRY,
                io.cdctoolkit.schema.compat.CompatibilityCheckers::forType);
        String customers = registry.latest("e2e_enc_avro.customers-value").schema().text();
        assertThat(customers).contains("\"doc\":\"encrypted: string\"");
        String accounts = registry.latest("e2e_enc_avro.accounts-value").schema().text();
        assertThat(accounts).contains("\"doc\":\"encrypted: decimal(10,2)\"");
    }

    @Test
    void a_ciphertext_copied_into_another_column_does_not_decrypt() throws Exception {
        FieldDecryptor decryptor = FieldDecryptor.fromConfig("decrypt", Map.of("key", KEY));
        ConsumerRecord<byte[], byte[]> record = jsonRecords.stream()
                .filter(r -> r.topic().equals("e2e_enc_json.customers") && r.value() != null)
                .findFirst().orElseThrow();
        JsonNode value = KafkaRecords.json(record.value());
        ObjectNode tampered = value.deepCopy();
        ((ObjectNode) tampered.get("after")).set("email", value.at("/after/ssn"));
        String context = KafkaRecords.header(record, FieldDecryptor.CONTEXT_HEADER);
        assertThat(context).isEqualTo("e2e_enc_json.public.customers");

        assertThatThrownBy(() -> decryptor.decryptRecord(tampered, context))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("'email'");
        assertThat(decryptor.decryptRecord(value, context).at("/after/id").asInt()).isPositive();
    }
}
