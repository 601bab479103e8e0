package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.security.DecryptingDeserializer;
import io.cdctoolkit.security.DecryptionException;
import io.cdctoolkit.security.FieldDecryptor;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10's rotation bar, end to end: {@code cdc-toolkit keys generate} (the real command, in its own
 * JVM), PostgreSQL → Kafka with {@code ssn} and {@code email} encrypted under that keyset (rows A),
 * a clean stop, {@code cdc-toolkit keys rotate}, a restart from the saved offsets (rows B). Oracles
 * independent of the stage: the key ids are read from the keyset files with Tink's own
 * {@link KeysetHandle}, and each ciphertext's key id from Tink's output prefix (byte 0 = {@code 0x01},
 * bytes 1–4 = the key id, big-endian). The rotated keyset decrypts A and B exactly; the original one
 * decrypts A but not B; no row of A is written twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationEndToEndTest {

    private static final String DB = "e2e_key_rotation";
    private static final String TOPIC = DB + ".customers";
    private static final String CONTEXT = DB + ".public.customers";
    private static final List<String> ENCRYPTED = List.of("ssn", "email");
    /** id → {email, ssn}. Row 1 is read by the snapshot, rows 2 and 3 from the WAL. */
    private static final Map<Integer, List<String>> ROWS_A = Map.of(
            1, List.of("ada@example.com", "123-45-6789"),
            2, List.of("bob@example.com", "987-65-4321"),
            3, List.of("cy@example.net", "111-22-3333"));
    private static final Map<Integer, List<String>> ROWS_B = Map.of(
            4, List.of("dee@example.org", "555-12-3456"),
            5, List.of("eve@example.org", "222-33-4444"));

    private KafkaTestCluster kafka;
    private String originalKeyset;
    private String rotatedKeyset;
    private int firstKeyId;
    private int secondKeyId;
    private List<ConsumerRecord<byte[], byte[]>> records;

    @BeforeAll
    void rotateBetweenTwoRuns(@TempDir Path dir) throws Exception {
        AeadConfig.register();
        kafka = KafkaTestCluster.start();
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE customers (id int PRIMARY KEY, name text, email text, ssn text)",
                insert(1, ROWS_A));

        Path keyset = dir.resolve("keyset.json");
        cli(dir, "keys", "generate", "--out", keyset.toString());
        originalKeyset = Files.readString(keyset);
        firstKeyId = primaryKeyId(originalKeyset);

        String yaml = yaml(pg, dir.resolve("state"), keyset);
        // Run 1: rows A under the first key.
        runUntil(yaml, 1, Set.of(2, 3), () -> pg.execute(DB, insert(2, ROWS_A), insert(3, ROWS_A)));

        cli(dir, "keys", "rotate", "--keyset", keyset.toString());
        rotatedKeyset = Files.readString(keyset);
        secondKeyId = primaryKeyId(rotatedKeyset);
        assertThat(secondKeyId).isNotEqualTo(firstKeyId);
        KeysetHandle rotated = TinkJsonProtoKeysetFormat.parseKeyset(rotatedKeyset, InsecureSecretKeyAccess.get());
        assertThat(IntStream.range(0, rotated.size()).mapToObj(rotated::getAt)
                .filter(k -> k.getStatus() == KeyStatus.ENABLED).map(KeysetHandle.Entry::getId))
                .as("enabled keys of the rotated keyset").containsExactlyInAnyOrder(firstKeyId, secondKeyId);

        // Run 2: same config text (the keyset is read at load), same state dir: resumes from its offsets.
        runUntil(yaml, 0, ROWS_B.keySet(), () -> pg.execute(DB, insert(4, ROWS_B), insert(5, ROWS_B)));

        records = KafkaRecords.readAll(kafka.bootstrapServers(), TOPIC::equals);
    }

    @AfterAll
    void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    /**
     * Starts the pipeline, waits until it has written {@code ready} records (run 1: the snapshot row, so
     * the inserts after it come from the WAL), makes the changes, waits until Kafka acknowledged
     * {@code ready + ids.size()} records, and stops it cleanly (offsets saved).
     */
    private static void runUntil(String yaml, int ready, Set<Integer> ids, SqlAction changes) throws Exception {
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml).build();
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until(ready + " snapshot records", () -> running.isDone() || inTopic(pipeline.counts()) >= ready,
                    pipeline::counts);
            changes.run();
            int expected = ready + ids.size();
            Await.until("rows " + ids + " in " + TOPIC,
                    () -> running.isDone() || inTopic(pipeline.counts()) >= expected, pipeline::counts);
            PipelineResult result = running.stop();
            assertThat(result.failure()).isNull();
            assertThat(inTopic(result.counts())).isEqualTo(expected);
        }
    }

    private static long inTopic(PipelineCounts counts) {
        return counts.recordsPerTopic().getOrDefault(TOPIC, 0L);
    }

    @Test
    void every_ssn_and_email_in_the_topic_is_encrypted() {
        assertThat(records).hasSize(ROWS_A.size() + ROWS_B.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode after = KafkaRecords.json(r.value()).get("after");
            for (String field : ENCRYPTED) {
                assertThat(after.get(field).asText()).as("%s of offset %d", field, r.offset()).startsWith("enc:v1:");
            }
        }
    }

    @Test
    void rows_before_the_rotation_carry_the_first_key_id_and_rows_after_it_the_second() {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode after = KafkaRecords.json(r.value()).get("after");
            int id = after.get("id").asInt();
            int expectedKey = ROWS_A.containsKey(id) ? firstKeyId : secondKeyId;
            for (String field : ENCRYPTED) {
                assertThat(keyIdOf(after.get(field).asText())).as("key id of %s of row %d", field, id)
                        .isEqualTo(expectedKey);
            }
        }
    }

    @Test
    void the_rotated_keyset_decrypts_rows_of_both_keys_to_their_exact_values() throws Exception {
        Map<Integer, List<String>> expected = new java.util.HashMap<>(ROWS_A);
        expected.putAll(ROWS_B);
        List<Integer> seen = new ArrayList<>();
        try (DecryptingDeserializer values = new DecryptingDeserializer(
                FieldDecryptor.fromKeysetJson("decrypt", rotatedKeyset))) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JsonNode after = values.deserialize(r.topic(), r.headers(), r.value()).get("after");
                int id = after.get("id").asInt();
                seen.add(id);
                assertThat(after.get("email").asText()).isEqualTo(expected.get(id).get(0));
                assertThat(after.get("ssn").asText()).isEqualTo(expected.get(id).get(1));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void the_original_keyset_decrypts_the_rows_of_the_first_key_but_not_those_of_the_second() throws Exception {
        FieldDecryptor original = FieldDecryptor.fromKeysetJson("decrypt", originalKeyset);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode value = KafkaRecords.json(r.value());
            int id = value.at("/after/id").asInt();
            assertThat(KafkaRecords.header(r, FieldDecryptor.CONTEXT_HEADER)).isEqualTo(CONTEXT);
            if (ROWS_A.containsKey(id)) {
                JsonNode after = original.decryptRecord(value, CONTEXT).get("after");
                assertThat(after.get("email").asText()).isEqualTo(ROWS_A.get(id).get(0));
                assertThat(after.get("ssn").asText()).isEqualTo(ROWS_A.get(id).get(1));
            } else {
                assertThatThrownBy(() -> original.decryptRecord(value, CONTEXT))
                        .as("row %d, written under the second key", id)
                        .isInstanceOf(DecryptionException.class);
            }
        }
        try (DecryptingDeserializer values = new DecryptingDeserializer(original)) {
            ConsumerRecord<byte[], byte[]> b = records.stream()
                    .filter(r -> ROWS_B.containsKey(KafkaRecords.json(r.value()).at("/after/id").asInt()))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> values.deserialize(b.topic(), b.headers(), b.value()))
                    .isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void the_restart_resumed_from_its_offsets_so_no_row_of_A_is_written_again() {
        Map<Integer, Long> perId = records.stream().collect(Collectors.groupingBy(
                r -> KafkaRecords.json(r.value()).at("/after/id").asInt(), Collectors.counting()));
        assertThat(perId).containsOnlyKeys(1, 2, 3, 4, 5).allSatisfy((id, n) -> assertThat(n).as("row %d", id).isOne());
        // The snapshot ran once (row 1 as a read), the rest came from the WAL.
        Map<Integer, String> ops = records.stream().collect(Collectors.toMap(
                r -> KafkaRecords.json(r.value()).at("/after/id").asInt(),
                r -> KafkaRecords.json(r.value()).get("op").asText()));
        assertThat(ops).containsEntry(1, "r").containsEntry(2, "c").containsEntry(3, "c")
                .containsEntry(4, "c").containsEntry(5, "c");
    }

    /** The Tink key id in a value's ciphertext: base64url-decode after {@code enc:v1:}, 0x01, 4 bytes big-endian. */
    private static int keyIdOf(String value) {
        byte[] ciphertext = Base64.getUrlDecoder().decode(value.substring("enc:v1:".length()));
        assertThat(ciphertext[0]).as("Tink output prefix TINK").isEqualTo((byte) 0x01);
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    private static int primaryKeyId(String keysetJson) throws Exception {
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
        return handle.getPrimary().getId();
    }

    private static String insert(int id, Map<Integer, List<String>> rows) {
        return "INSERT INTO customers VALUES (%d, 'n%d', '%s', '%s')".formatted(id, id, rows.get(id).get(0),
                rows.get(id).get(1));
    }

    /** Runs {@code cdc-toolkit args…} as a user would, in its own JVM; it must exit 0. */
    private static void cli(Path dir, String... args) throws Exception {
        CliProcess process = CliProcess.start(dir.resolve("cli.log"), args);
        assertThat(process.waitFor(120)).as(String.join(" ", args) + process.logTail()).isZero();
    }

    private String yaml(PostgresServer pg, Path stateDir, Path keyset) {
        return """
                version: "1.0"
                state_dir: %s
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
                      include_tables: [public.customers]
                      topic_routing: "%s.{table}"
                      cdc_features:
                        encryption:
                          keyset: ${file:%s}
                          fields: [ssn, email]
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                pipelines:
                  rotation:
                    source: %s
                    sink: kafka
                """.formatted(stateDir, DB, pg.host(), pg.port(), DB, PostgresServer.SUPERUSER, DB,
                keyset.toAbsolutePath(), kafka.bootstrapServers(), DB);
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws Exception;
    }
}
