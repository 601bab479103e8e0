package io.cdctoolkit.compat;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The secrets audit (issue #10): a full pipeline — PostgreSQL with a password login, Kafka with SASL/PLAIN,
 * a schema registry with basic auth, field encryption with a raw key — runs through the real command
 * ({@code check -v}, {@code spec}, {@code init}, {@code run -v} with a dead-lettered record, {@code run}
 * with each password wrong, {@code tail}), and every byte it produced — stdout, stderr, the state
 * directory, every Kafka topic's keys, values and headers, internal topics included — is searched for
 * each secret in several encodings: zero hits. The runs also prove that each secret travelled (the right
 * ones log in and records arrive; each wrong one fails for that reason).
 *
 * <p>The encryption stage: configs carry the {@code cdc_features.encryption} block when
 * {@link #ENCRYPTION_BLOCK} is on. While the stage is not in the build, the block makes the config fail
 * at load ("not available in this build") — that error is audited too — and the runs go without it;
 * once the stage is on the class path the runs use it and the PII assertions (no {@code ssn}/{@code email}
 * plaintext anywhere) run instead of being skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAuditTest {

    /** The switch: every config carries the encryption block (when the stage exists, see the class doc). */
    static final boolean ENCRYPTION_BLOCK = true;

    private static final String DB = "secrets_audit";
    private static final String TABLE = "people";
    private static final String TOPIC = DB + ".public." + TABLE;
    private static final String DLQ = "secrets_audit.dlq";

    private static final String PG_USER = "audit_owner";
    private static final String PG_PASSWORD = "pgPass+Q7v1/kZ3=audit";
    private static final String PG_WRONG = "pgWrong+R2m8/xT5=audit";
    private static final String SASL_USER = "cdc-audit";
    private static final String SASL_PASSWORD = "saslPass+W4n6/pL9=audit";
    private static final String SASL_WRONG = "saslWrong+E3k7/cV1=audit";
    private static final String REGISTRY_USER = "registry-audit";
    private static final String REGISTRY_PASSWORD = "regPass+H8j2/sD4=audit";
    private static final String REGISTRY_WRONG = "regWrong+U6f3/nB7=audit";
    /** 32 fixed bytes: the raw AES-256 key the config gives as base64. */
    private static final byte[] KEY = "audit-key-0123456789-abcdefghijk".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_BASE64 = Base64.getEncoder().encodeToString(KEY);

    /** Plaintext PII in the rows: never in Kafka or any output once the columns are encrypted. */
    private static final String SSN_1 = "987-65-4329";
    private static final String EMAIL_1 = "ada.pii.7c1e@example.org";
    private static final String SSN_2 = "987-65-4417";
    private static final String EMAIL_2 = "bob.pii.3f9a@example.org";
    private static final String SSN_3 = "987-65-4583";
    private static final String EMAIL_3 = "cy.pii.5d2b@example.org";
    private static final String SSN_4 = "987-65-4671";
    private static final String EMAIL_4 = "dee.pii.8e4c@example.org";
    /** Encrypted aliases: row 4's is two-dimensional, which no reader converts (and a reader's reason may quote). */
    private static final String ALIAS_1 = "ada.alias.2b7f";
    private static final String ALIAS_4 = "dee.alias.9c3d";

    private PostgresServer pg;
    private KafkaTestCluster kafka;
    private RegistryProxy registry;

    /** Configs, outputs and state of the commands. */
    private Path dir;

    private final List<Path> outputs = new ArrayList<>();
    private final boolean encryptionStage = ComponentCatalog.load().feature("encryption").isPresent();
    /** Every byte the commands produced, by where it was found; filled by the first test. */
    private final Map<String, byte[]> everything = new LinkedHashMap<>();

    @BeforeAll
    void startServers(@TempDir Path pgFolder, @TempDir Path commandsFolder) throws Exception {
        dir = commandsFolder;
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        pg = PostgresServer.startWithPasswordLogins(pgFolder);
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE ROLE " + PG_USER + " LOGIN SUPERUSER REPLICATION PASSWORD '" + PG_PASSWORD + "'",
                "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, name text NOT NULL, ssn text, email text, age text,"
                        + " aliases text[])",
                "INSERT INTO " + TABLE + " VALUES (1, 'Ada', '" + SSN_1 + "', '" + EMAIL_1 + "', '36', '{" + ALIAS_1 + "}'),"
                        + " (2, 'Bob', '" + SSN_2 + "', '" + EMAIL_2 + "', 'forty-two', NULL),"
                        + " (3, 'Cy', '" + SSN_3 + "', '" + EMAIL_3 + "', '51', NULL),"
                        + " (4, 'Dee', '" + SSN_4 + "', '" + EMAIL_4 + "', '44', '{{" + ALIAS_4 + "},{x}}')");
        kafka = KafkaTestCluster.startSaslPlain(Map.of(SASL_USER, SASL_PASSWORD));
        registry = new RegistryProxy("http://127.0.0.1:" + apicurio.httpPort(),
                RegistryProxy.basicAuth(REGISTRY_USER, REGISTRY_PASSWORD));
    }

    @AfterAll
    void stopServers() throws Exception {
        if (registry != null) registry.close();
        if (kafka != null) kafka.close();
        if (pg != null) pg.close();
    }

    @Test
    @Order(1)
    void noSecretAppearsInAnyOutputOfAnyCommand() throws Exception {
        boolean encrypt = ENCRYPTION_BLOCK && encryptionStage;
        Path main = config("main", Credentials.RIGHT, encrypt);

        // Components' docs and templates: no config, but the secret options must be flagged and empty.
        for (String name : List.of("postgres-cdc", "kafka", "external", "encryption")) command("spec-" + name, "spec", name);
        command("spec", "spec");
        command("spec-json-schema", "spec", "--json-schema");
        command("init", "init", "--source", "postgres-cdc", "--sink", "kafka", "--registry", "external");

        // check, every secret right: each system answers, so each password travelled.
        Path checked = config("check", Credentials.RIGHT, false);
        Result check = command("check", "check", "-v", "--config", checked.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("✓ schema registry");
        int acceptedByRegistry = registry.accepted();
        assertThat(acceptedByRegistry).as("requests the registry accepted with the password").isPositive();

        // check, every secret wrong: each refusal is reported, and not one of them repeats the password.
        Result wrongCheck = command("check-wrong", "check", "-v", "--config",
                config("check-wrong", Credentials.WRONG_ALL, false).toString());
        assertThat(wrongCheck.exit()).as(wrongCheck.output()).isEqualTo(3);
        assertThat(wrongCheck.output()).contains("password authentication failed").contains("HTTP 401");

        if (ENCRYPTION_BLOCK && !encryptionStage) {
            // The block with its key goes through check (audited; check does not report the missing stage in
            // this build) and makes run fail at load: neither may print the key.
            Path withKey = config("encryption-unavailable", Credentials.RIGHT, true);
            command("check-encryption-unavailable", "check", "-v", "--config", withKey.toString());
            Result r = command("run-encryption-unavailable", "run", "-v", "--config", withKey.toString());
            assertThat(r.exit()).as(r.output()).isEqualTo(2);
            assertThat(r.output()).contains("the encryption stage is not available in this build");
        }

        // The run: a snapshot of 4 rows, one the cast cannot convert and one the reader cannot → dead letters.
        Result run = command("run", "run", "-v", "--config", main.toString(), "--max-events", "4");
        assertThat(run.exit()).as(run.output()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = readTopic(TOPIC);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readTopic(DLQ);
        assertThat(records).as("records the SASL login wrote").hasSize(2);
        assertThat(deadLetters).as("dead letters of the row whose age is not a number and of the row whose aliases"
                + " are two-dimensional").hasSize(2);
        assertThat(registry.accepted()).as("the run registered its schemas with the password")
                .isGreaterThan(acceptedByRegistry);

        // The Debezium engine's reader quotes the multi-dimensional aliases it cannot convert in its reason: the run
        // dead-letters that row too, and the reason must not carry the encrypted column's plaintext anywhere.
        Result debezium = command("run-debezium", "run", "-v", "--config",
                config("debezium-engine", Credentials.RIGHT, encrypt, "debezium").toString(), "--max-events", "4");
        assertThat(debezium.exit()).as(debezium.output()).isZero();
        assertThat(readTopic(DLQ)).as("the Debezium engine's dead letters too").hasSize(4);

        // Other commands that read the config's secrets: discover (PostgreSQL), schema subjects (registry),
        // keys show (the encryption block: a raw key is reported as not a keyset file, without the key).
        Result discover = command("discover", "discover", "-v", "--config", main.toString(), "--source", "pg");
        assertThat(discover.exit()).as(discover.output()).isZero();
        assertThat(discover.output()).contains(TABLE);
        Result subjects = command("schema-subjects", "schema", "subjects", "--config", main.toString());
        assertThat(subjects.exit()).as(subjects.output()).isZero();
        assertThat(subjects.output()).contains(TOPIC + "-value");
        command("keys-show", "keys", "show", "--config", config("keys", Credentials.RIGHT, ENCRYPTION_BLOCK).toString(),
                "--source", "pg");

        // The same run with every logger at DEBUG (Debezium's and the Kafka clients' config dumps included).
        Result debug = commandWithLogging("run-debug", "logback-everything-debug.xml", "run", "--config",
                config("debug", Credentials.RIGHT, encrypt).toString(), "--max-events", "4");
        assertThat(debug.exit()).as(debug.output()).isZero();
        assertThat(debug.output()).as("Kafka's producer config dump").contains("sasl.jaas.config = [hidden]");

        // Each password wrong in turn: the run fails for that reason.
        Result wrongPg = command("run-wrong-pg", "run", "-v", "--config",
                config("wrong-pg", Credentials.WRONG_PG, encrypt).toString(), "--max-events", "4");
        assertThat(wrongPg.exit()).as(wrongPg.output()).isEqualTo(3);
        assertThat(wrongPg.output()).contains("password authentication failed");

        Result wrongSasl = command("run-wrong-sasl", "run", "-v", "--config",
                config("wrong-sasl", Credentials.WRONG_SASL, encrypt).toString(), "--max-events", "4");
        assertThat(wrongSasl.exit()).as(wrongSasl.output()).isEqualTo(3);
        assertThat(wrongSasl.output()).containsIgnoringCase("authentication failed");

        int refusedByRegistry = registry.refused();
        Result wrongRegistry = command("run-wrong-registry", "run", "-v", "--config",
                config("wrong-registry", Credentials.WRONG_REGISTRY, encrypt).toString(), "--max-events", "4");
        assertThat(wrongRegistry.exit()).as(wrongRegistry.output()).isNotZero();
        assertThat(wrongRegistry.output()).contains("HTTP 401");
        assertThat(registry.refused()).isGreaterThan(refusedByRegistry);

        // tail: logs in to the SASL broker as the config's sink does (verbose: Kafka's config dump is in the output) and
        // decodes with the config's registry and its password; then with a consumer config file, and a wrong SASL
        // password there is refused.
        Result tail = command("tail", "tail", "-v", "--config", main.toString(), "--sink", "kafka", "--topic", TOPIC,
                "--from-beginning", "--max", "2", "--idle-timeout", "60s");
        assertThat(tail.exit()).as(tail.output()).isZero();
        assertThat(tail.output()).as("decoded with the registry's schemas").contains("\"name\":\"Ada\"");
        Result tailDlq = command("tail-dlq", "tail", "--bootstrap", kafka.bootstrapServers(), "--topic", DLQ,
                "--from-beginning", "--max", "2", "--idle-timeout", "60s", "--config", main.toString(),
                "--consumer.config", consumerConfig("tail", SASL_PASSWORD).toString());
        assertThat(tailDlq.exit()).as(tailDlq.output()).isZero();
        Result tailWrong = command("tail-wrong-sasl", "tail", "-v", "--bootstrap", kafka.bootstrapServers(), "--topic",
                TOPIC, "--from-beginning", "--max", "2", "--idle-timeout", "60s",
                "--consumer.config", consumerConfig("tail-wrong", SASL_WRONG).toString());
        assertThat(tailWrong.exit()).as(tailWrong.output()).isEqualTo(2);
        assertThat(tailWrong.output()).contains("refused the login");

        // The audit: every byte each command printed, the state directories, every topic.
        for (Path output : outputs) everything.put(dir.relativize(output).toString(), Files.readAllBytes(output));
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        everything.putAll(allTopics());
        assertThat(everything.keySet()).as("the topics scanned").contains("kafka:" + TOPIC, "kafka:" + DLQ);

        SecretScanner secrets = new SecretScanner()
                .text("PostgreSQL password", PG_PASSWORD).text("wrong PostgreSQL password", PG_WRONG)
                .text("SASL password", SASL_PASSWORD).text("wrong SASL password", SASL_WRONG)
                .text("registry password", REGISTRY_PASSWORD).text("wrong registry password", REGISTRY_WRONG)
                .bytes("encryption key", KEY, KEY_BASE64);
        // The scanner finds each secret when it is there, in each encoding a leak takes.
        assertScannerFinds(secrets);

        List<SecretScanner.Hit> hits = new ArrayList<>();
        everything.forEach((where, data) -> hits.addAll(secrets.scan(where, data)));
        assertThat(hits).as("secrets found in %d outputs", everything.size()).isEmpty();

        if (!encrypt) {
            // Without the stage the plaintext is in the topic — which shows the topic scan reads the values.
            assertThat(pii().scan("kafka:" + TOPIC, everything.get("kafka:" + TOPIC))).isNotEmpty();
        }
    }

    /** Guarded: runs once the encryption stage is in the build (ENCRYPTION_BLOCK on). */
    @Test
    @Order(2)
    void withEncryptionNoSsnOrEmailPlaintextAppearsAnywhere() {
        assumeTrue(ENCRYPTION_BLOCK && encryptionStage,
                "the encryption stage is not in this build: the PII assertions wait for it");
        assertThat(everything).as("outputs of the audit run (test 1)").containsKey("kafka:" + TOPIC);
        List<SecretScanner.Hit> piiHits = new ArrayList<>();
        SecretScanner pii = pii();
        everything.forEach((where, data) -> piiHits.addAll(pii.scan(where, data)));
        assertThat(piiHits).as("ssn/email plaintext with encryption on").isEmpty();
    }

    private static SecretScanner pii() {
        SecretScanner pii = new SecretScanner();
        for (String value : List.of(SSN_1, EMAIL_1, SSN_2, EMAIL_2, SSN_3, EMAIL_3,
                SSN_4, EMAIL_4, ALIAS_1, ALIAS_4)) pii.text("plaintext " + value, value);
        return pii;
    }

    private static void assertScannerFinds(SecretScanner secrets) {
        String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (REGISTRY_USER + ":" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(secrets.scan("self-check", ("x" + basic + "y").getBytes(StandardCharsets.UTF_8)))
                .extracting(SecretScanner.Hit::secret).containsExactly("registry password");
        assertThat(secrets.scan("self-check", ("jaas password=\"" + SASL_PASSWORD + "\"").getBytes(StandardCharsets.UTF_8)))
                .extracting(SecretScanner.Hit::secret).containsExactly("SASL password");
        assertThat(secrets.scan("self-check", ("url?p=" + java.net.URLEncoder.encode(PG_PASSWORD, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))).extracting(SecretScanner.Hit::secret)
                .containsExactly("PostgreSQL password");
        byte[] binary = new byte[KEY.length + 7];
        System.arraycopy(KEY, 0, binary, 5, KEY.length);
        assertThat(secrets.scan("self-check", binary)).extracting(SecretScanner.Hit::secret)
                .containsExactly("encryption key");
        assertThat(secrets.scan("self-check", ("key=" + java.util.HexFormat.of().formatHex(KEY)).getBytes(StandardCharsets.UTF_8)))
                .extracting(SecretScanner.Hit::secret).containsExactly("encryption key");
        assertThat(secrets.scan("self-check", ("k:" + Base64.getUrlEncoder().encodeToString(KEY)).getBytes(StandardCharsets.UTF_8)))
                .extracting(SecretScanner.Hit::secret).containsExactly("encryption key");
        assertThat(secrets.scan("self-check", "nothing here".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private enum Credentials { RIGHT, WRONG_PG, WRONG_SASL, WRONG_REGISTRY, WRONG_ALL }

    /** A config with its own state and slot; the secrets as the credentials say. */
    private Path config(String name, Credentials credentials, boolean encryption) throws IOException {
        return config(name, credentials, encryption, null);
    }

    /** @param engine postgres-cdc's engine, or null for its default */
    private Path config(String name, Credentials credentials, boolean encryption, String engine) throws IOException {
        boolean all = credentials == Credentials.WRONG_ALL;
        String pgPassword = all || credentials == Credentials.WRONG_PG ? PG_WRONG : PG_PASSWORD;
        String saslPassword = all || credentials == Credentials.WRONG_SASL ? SASL_WRONG : SASL_PASSWORD;
        String registryPassword = all || credentials == Credentials.WRONG_REGISTRY ? REGISTRY_WRONG : REGISTRY_PASSWORD;
        String features = encryption ? """
                      cdc_features:
                        encryption: { enabled: true, key: "%s", fields: [ssn, email, aliases] }
                """.formatted(KEY_BASE64) : "";
        // Configs hold the secrets by design: they live outside the folders the audit scans.
        Path file = dir.resolve("config").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: avro
                  external: { url: "%s/apis/ccompat/v7", username: %s, password: "%s", retries: 1 }
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      password: "%s"
                      ssl_mode: disable
                      %s
                      slot_name: audit_%s
                      include_tables: [public.%s]
                      poll_interval_ms: 50
                      transforms:
                        - type: cast
                          config: { spec: "age:int32" }
                %s
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      request_timeout_ms: 15000
                      security: { protocol: SASL_PLAINTEXT, sasl_mechanism: PLAIN, username: %s, password: "%s" }
                      topic_creation: { enabled: true, partitions: 1 }
                pipelines:
                  audit:
                    source: pg
                    sink: kafka
                    settings: { on_error: dead_letter, dead_letter_topic: %s }
                """.formatted(dir.resolve("state").resolve(name), registry.baseUrl(), REGISTRY_USER, registryPassword,
                pg.host(), pg.port(), DB, PG_USER, pgPassword, engine == null ? "" : "engine: " + engine,
                name.replace('-', '_'), TABLE, features,
                kafka.bootstrapServers(), SASL_USER, saslPassword, DLQ));
        return file;
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@code cdc-toolkit args…} to the end; its stdout and stderr are kept for the audit. */
    private Result command(String name, String... args) throws Exception {
        return commandWithLogging(name, null, args);
    }

    /** Like {@link #command(String, String...)}, with another Logback configuration when not null. */
    private Result commandWithLogging(String name, String logback, String... args) throws Exception {
        Path log = dir.resolve("out").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        outputs.add(log);
        CliProcess process = logback == null ? CliProcess.start(log, args) : CliProcess.startWithLogging(logback, log, args);
        int exit = process.waitFor(300);
        return new Result(exit, process.log());
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private List<ConsumerRecord<byte[], byte[]>> readTopic(String topic) {
        return read(List.of(topic));
    }

    /** Each topic (internal ones included) as the bytes of its records' keys, values and headers. */
    private Map<String, byte[]> allTopics() throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(clientConfig())) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get().stream().sorted().toList();
        }
        Map<String, ByteArrayOutputStream> bytes = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(topics)) {
            ByteArrayOutputStream out = bytes.computeIfAbsent(r.topic(), t -> new ByteArrayOutputStream());
            if (r.key() != null) out.writeBytes(r.key());
            out.write('\n');
            if (r.value() != null) out.writeBytes(r.value());
            out.write('\n');
            for (Header h : r.headers()) {
                out.writeBytes(h.key().getBytes(StandardCharsets.UTF_8));
                out.write('=');
                if (h.value() != null) out.writeBytes(h.value());
                out.write('\n');
            }
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        bytes.forEach((topic, out) -> result.put("kafka:" + topic, out.toByteArray()));
        return result;
    }

    /** Every record of the topics, from the beginning to the end offsets when the read began. */
    private List<ConsumerRecord<byte[], byte[]>> read(List<String> topics) {
        Map<String, Object> config = clientConfig();
        config.put("allow.auto.create.topics", "false");
        config.put("isolation.level", "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s", topics).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** A Kafka consumer properties file logging in as the audit's SASL user with {@code password} (not audited: input). */
    private Path consumerConfig(String name, String password) throws Exception {
        Path file = dir.resolve("consumer-" + name + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                + "\" password=\"" + password + "\";\n", StandardCharsets.UTF_8);
        return file;
    }
}
