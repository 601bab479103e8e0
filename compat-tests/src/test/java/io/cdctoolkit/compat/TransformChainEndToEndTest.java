package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdctoolkit.compat.KafkaRecords.json;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's end-to-end bar: one YAML config chaining all ten transforms, with predicates, run as a
 * user runs it — PostgreSQL → Kafka (in process, as {@code run} assembles it) and datagen → stdout
 * (the real command in its own JVM). The expectations are derived by hand from the config and the rows
 * written, and are user-visible: final topics, keys, masked values, renamed and dropped fields, casts,
 * timestamps in the configured form, filtered rows absent.
 *
 * <p>Neither PostgreSQL nor datagen produces nested rows, so {@code flatten} has nothing to flatten
 * here: the tests check that it leaves the exact field list alone (its own tests and the parity suite
 * cover nesting).
 */
class TransformChainEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The chain on a PostgreSQL source: two tables, predicates choose which transforms apply to which. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgresToKafka {

        private static final String DB = "e2e_smt_chain";

        private KafkaTestCluster kafka;
        private PipelineResult result;
        private List<ConsumerRecord<byte[], byte[]>> records;

        @BeforeAll
        void captureChanges(@TempDir Path stateDir) throws Exception {
            kafka = KafkaTestCluster.start();
            PostgresServer pg = PostgresServer.shared();
            pg.createDatabase(DB);
            pg.execute(DB,
                    "CREATE TABLE customers (id int PRIMARY KEY, full_name text, email text, ssn text,"
                            + " balance numeric(10,2) NOT NULL, age int NOT NULL, vip boolean NOT NULL,"
                            + " created_at timestamptz NOT NULL, status text NOT NULL, notes text)",
                    "ALTER TABLE customers REPLICA IDENTITY FULL",
                    "CREATE TABLE audit_log (entry_id int NOT NULL, entry text NOT NULL)",
                    "ALTER TABLE audit_log REPLICA IDENTITY FULL",
                    "INSERT INTO customers VALUES"
                            + " (1, 'Ada Lovelace', 'ada@example.com', '123-45-6789', 1234.50, 36, true,"
                            + "  '2024-03-05 10:15:30+00', 'active', 'likes math'),"
                            + " (2, 'Bob Tester', 'bob@example.com', '987-65-4321', 0.00, 40, false,"
                            + "  '2024-03-06 08:00:00+00', 'test', 'qa account'),"
                            + " (3, 'Cy Young', 'cy@example.com', NULL, 99.99, 29, false,"
                            + "  '2023-12-31 23:59:59+00', 'active', NULL)",
                    "INSERT INTO audit_log VALUES (1, 'created')");

            Pipeline pipeline = ConfiguredPipeline.assemble(yaml(pg, stateDir)).build();
            try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
                // Snapshot: customers 1 and 3 (2 is a test account: filtered) and audit entry 1.
                Await.until("the 3 snapshot records in Kafka",
                        () -> running.isDone() || pipeline.counts().recordsOut() >= 3, pipeline::counts);
                pg.execute(DB,
                        "INSERT INTO customers VALUES (4, 'Dee Diaz', 'dee@example.org', '555-12-3456', 10.00, 51,"
                                + " true, '2024-06-01 12:00:00+02', 'active', 'new')",
                        "UPDATE customers SET age = 37, email = 'ada@lovelace.org' WHERE id = 1",
                        "UPDATE customers SET notes = 'still testing' WHERE id = 2",
                        "DELETE FROM customers WHERE id = 3",
                        "INSERT INTO audit_log VALUES (2, 'updated')");
                // + c 4, u 1, d 3 (rewritten), c audit 2; the update of 2 is filtered. The audit entry
                // comes last from the same reader, so once it is out, the filtered update was handled.
                Await.until("7 records in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 7,
                        pipeline::counts);
                result = running.stop();
            }
            records = KafkaRecords.readAll(kafka.bootstrapServers(), topic -> !topic.startsWith("_"));
        }

        @AfterAll
        void stopKafka() throws Exception {
            if (kafka != null) kafka.close();
        }

        private String yaml(PostgresServer pg, Path stateDir) {
            return """
                    version: "1.0"
                    state_dir: %s
                    sources:
                      pg_chain:
                        connector: postgres-cdc
                        config:
                          host: %s
                          port: %d
                          database: %s
                          user: %s
                          ssl_mode: disable
                          poll_interval_ms: 50
                          topic_routing: "cdc.{schema}.{table}"
                          transforms:
                            - type: filter
                              predicate: { tables: ['^public\\.customers$'] }
                              config: { condition: "status = 'test'", drop: true }
                            - type: extract_new_record_state
                              config: { delete_handling_mode: rewrite, add_fields: [op, table] }
                            - type: value_to_key
                              predicate: { tables: ['audit_log$'] }
                              config: { fields: [entry_id] }
                            - type: mask_field
                              predicate: { tables: ['audit_log$'], negate: true }
                              config: { fields: [ssn], replacement: "XXX-XX-XXXX" }
                            - type: org.apache.kafka.connect.transforms.MaskField$Value
                              predicate: { tables: ['customers'] }
                              config: { fields: [email], strategy: asterisks }
                            - type: insert_field
                              predicate: { operations: [c, u] }
                              config: { "static.field": origin, "static.value": pg-e2e }
                            - type: replace_field
                              predicate: { tables: ['customers'] }
                              config: { exclude: [notes], renames: ["full_name:name", "created_at:signed_up_at"] }
                            - type: regex_router
                              config: { regex: 'cdc\\.public\\.(.*)', replacement: 'crm.$1' }
                            - type: timestamp_converter
                              predicate: { topic_matches: 'crm\\.customers' }
                              config: { field: signed_up_at, target_type: string, format: "yyyy-MM-dd HH:mm:ss" }
                            - type: cast
                              predicate: { tables: ['customers'] }
                              config: { spec: "age:string,vip:int8" }
                            - type: flatten
                              config: { delimiter: "_" }
                    sinks:
                      kafka:
                        connector: kafka
                        config:
                          bootstrap_servers: %s
                          linger_ms: 1
                          topic_creation: { enabled: true, partitions: 3 }
                    pipelines:
                      chain:
                        source: pg_chain
                        sink: kafka
                    """.formatted(stateDir, pg.host(), pg.port(), DB, PostgresServer.SUPERUSER,
                    kafka.bootstrapServers());
        }

        /** The record of {@code topic} with this key JSON and {@code __op}. */
        private JsonNode value(String topic, String key, String op) {
            List<JsonNode> found = records.stream()
                    .filter(r -> r.topic().equals(topic) && key.equals(text(r.key())))
                    .map(r -> json(r.value()))
                    .filter(v -> v != null && op.equals(v.path("__op").asText()))
                    .toList();
            assertThat(found).as("%s %s op %s in %s", topic, key, op, describe()).hasSize(1);
            return found.get(0);
        }

        private String describe() {
            return records.stream().map(r -> r.topic() + " " + text(r.key()) + " " + text(r.value())).toList().toString();
        }

        private static List<String> fieldNames(JsonNode value) {
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            return names;
        }

        @Test
        void everythingIsDeliveredAndTheTestAccountIsFilteredOut() {
            assertThat(result.failure()).isNull();
            assertThat(result.counts().recordsOut()).isEqualTo(7);
            assertThat(records).as(describe()).hasSize(7);
            assertThat(records).noneSatisfy(r -> assertThat(text(r.key())).isEqualTo("{\"id\":2}"));
            assertThat(records).allSatisfy(r -> assertThat(json(r.value()).path("status").asText()).isNotEqualTo("test"));
        }

        @Test
        void regexRouterNamesTheFinalTopics() {
            Map<String, Integer> perTopic = new TreeMap<>();
            records.forEach(r -> perTopic.merge(r.topic(), 1, Integer::sum));
            assertThat(perTopic).isEqualTo(Map.of("crm.customers", 5, "crm.audit_log", 2));
        }

        @Test
        void customersKeepTheirPrimaryKeyAndTheAuditLogIsKeyedByValueToKey() {
            assertThat(records.stream().filter(r -> r.topic().equals("crm.customers")).map(r -> text(r.key())))
                    .containsExactlyInAnyOrder("{\"id\":1}", "{\"id\":1}", "{\"id\":3}", "{\"id\":3}", "{\"id\":4}");
            assertThat(records.stream().filter(r -> r.topic().equals("crm.audit_log")).map(r -> text(r.key())))
                    .containsExactlyInAnyOrder("{\"entry_id\":1}", "{\"entry_id\":2}");
        }

        @Test
        void aSnapshotRowComesOutMaskedRenamedConvertedAndCast() {
            JsonNode ada = value("crm.customers", "{\"id\":1}", "r");
            // notes excluded; full_name and created_at renamed in place; __deleted (rewrite) then the
            // added fields; no origin: insert_field applies to c and u only.
            assertThat(fieldNames(ada)).containsExactly("id", "name", "email", "ssn", "balance", "age", "vip",
                    "signed_up_at", "status", "__deleted", "__op", "__table");
            assertThat(ada.path("id").asInt()).isEqualTo(1);
            assertThat(ada.path("name").asText()).isEqualTo("Ada Lovelace");
            assertThat(ada.path("email").asText()).isEqualTo("*".repeat("ada@example.com".length()));
            assertThat(ada.path("ssn").asText()).isEqualTo("XXX-XX-XXXX");
            assertThat(ada.path("balance").asText()).isEqualTo("1234.50");
            assertThat(ada.path("age").isTextual()).as("age cast to string").isTrue();
            assertThat(ada.path("age").asText()).isEqualTo("36");
            assertThat(ada.path("vip").isIntegralNumber()).as("vip cast to int8").isTrue();
            assertThat(ada.path("vip").asInt()).isEqualTo(1);
            assertThat(ada.path("signed_up_at").asText()).isEqualTo("2024-03-05 10:15:30");
            assertThat(ada.path("status").asText()).isEqualTo("active");
            assertThat(ada.path("__deleted").asText()).isEqualTo("false");
            assertThat(ada.path("__table").asText()).isEqualTo("customers");
        }

        @Test
        void anInsertAndAnUpdateGetTheStaticField() {
            JsonNode dee = value("crm.customers", "{\"id\":4}", "c");
            assertThat(fieldNames(dee)).containsExactly("id", "name", "email", "ssn", "balance", "age", "vip",
                    "signed_up_at", "status", "__deleted", "__op", "__table", "origin");
            assertThat(dee.path("email").asText()).isEqualTo("*".repeat("dee@example.org".length()));
            assertThat(dee.path("ssn").asText()).isEqualTo("XXX-XX-XXXX");
            assertThat(dee.path("balance").asText()).isEqualTo("10.00");
            assertThat(dee.path("age").asText()).isEqualTo("51");
            assertThat(dee.path("vip").asInt()).isEqualTo(1);
            // 12:00 at +02:00 is 10:00 UTC; the format has no zone, so it is UTC's wall clock.
            assertThat(dee.path("signed_up_at").asText()).isEqualTo("2024-06-01 10:00:00");
            assertThat(dee.path("origin").asText()).isEqualTo("pg-e2e");

            JsonNode adaUpdated = value("crm.customers", "{\"id\":1}", "u");
            assertThat(adaUpdated.path("email").asText()).isEqualTo("*".repeat("ada@lovelace.org".length()));
            assertThat(adaUpdated.path("age").asText()).isEqualTo("37");
            assertThat(adaUpdated.path("origin").asText()).isEqualTo("pg-e2e");
        }

        @Test
        void aDeleteIsRewrittenFromItsBeforeRowWithNullsKept() {
            JsonNode cy = value("crm.customers", "{\"id\":3}", "d");
            assertThat(fieldNames(cy)).containsExactly("id", "name", "email", "ssn", "balance", "age", "vip",
                    "signed_up_at", "status", "__deleted", "__op", "__table");
            assertThat(cy.path("__deleted").asText()).isEqualTo("true");
            assertThat(cy.path("name").asText()).isEqualTo("Cy Young");
            assertThat(cy.path("email").asText()).isEqualTo("*".repeat("cy@example.com".length()));
            assertThat(cy.path("ssn").isNull()).as("a null ssn stays null when masked").isTrue();
            assertThat(cy.path("balance").asText()).isEqualTo("99.99");
            assertThat(cy.path("age").asText()).isEqualTo("29");
            assertThat(cy.path("vip").asInt()).isEqualTo(0);
            assertThat(cy.path("signed_up_at").asText()).isEqualTo("2023-12-31 23:59:59");
        }

        @Test
        void theAuditLogIsOnlyTouchedByTheTransformsWithoutATablePredicate() {
            JsonNode first = value("crm.audit_log", "{\"entry_id\":1}", "r");
            assertThat(fieldNames(first)).containsExactly("entry_id", "entry", "__deleted", "__op", "__table");
            assertThat(first.path("entry").asText()).isEqualTo("created");
            assertThat(first.path("__table").asText()).isEqualTo("audit_log");

            JsonNode second = value("crm.audit_log", "{\"entry_id\":2}", "c");
            assertThat(fieldNames(second)).containsExactly("entry_id", "entry", "__deleted", "__op", "__table", "origin");
            assertThat(second.path("entry").asText()).isEqualTo("updated");
            assertThat(second.path("origin").asText()).isEqualTo("pg-e2e");
        }
    }

    /** The chain on datagen's seeded users, through {@code cdc-toolkit run} printing to stdout. */
    @Nested
    class DatagenToStdout {

        /** 2000-01-01 and 2100-01-01 in microseconds: a unix_precision of microseconds lands in between. */
        private static final long MIN_MICROS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli() * 1_000L;
        private static final long MAX_MICROS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() * 1_000L;

        @TempDir
        Path dir;

        @Test
        void everyPrintedLineShowsTheWholeChain() throws Exception {
            Path config = dir.resolve("chain.yaml");
            Files.writeString(config, """
                    version: "1.0"
                    state_dir: %s
                    sources:
                      gen:
                        connector: datagen
                        topic: dg.users
                        config:
                          pattern: users
                          cdc_mode: true
                          max_events: 300
                          events_per_second: 0
                          seed: 7
                          transforms:
                            - type: filter
                              config: { condition: "country = 'US'", drop: true }
                            - type: extract_new_record_state
                              config: { delete_handling_mode: drop, add_fields: [op] }
                            - type: value_to_key
                              config: { fields: [user_id, country] }
                            - type: mask_field
                              predicate: { field_value: { field: premium, value: "true" } }
                              config: { fields: [email], replacement: "hidden@example.invalid" }
                            - type: insert_field
                              predicate: { operations: [u] }
                              config: { static_field: source_system, static_value: datagen }
                            - type: replace_field
                              config: { exclude: [_sequence], renames: ["first_name:given_name", "country:nation"] }
                            - type: regex_router
                              config: { regex: 'dg\\.(.*)', replacement: 'people.$1' }
                            - type: timestamp_converter
                              config: { field: _timestamp, target_type: unix, unix_precision: microseconds }
                            - type: timestamp_converter
                              config: { field: signup_date, target_type: string, format: "dd.MM.yyyy" }
                            - type: cast
                              config: { spec: "age:string,premium:int8" }
                            - type: flatten
                              config: {}
                    sinks:
                      out: { connector: stdout, config: {} }
                    """.formatted(dir.resolve("state")));
            Path log = dir.resolve("run.log");
            CliProcess run = CliProcess.runReadingStdout(config, log);
            List<JsonNode> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(run.stdout(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(JSON.readTree(line));
            }
            assertThat(run.waitFor(120)).as(run.logTail()).isZero();

            assertThat(lines).as("some events pass the chain").isNotEmpty();
            List<String> createFields = List.of("user_id", "given_name", "last_name", "email", "age", "nation",
                    "premium", "signup_date", "_timestamp", "__op");
            List<String> updateFields = new ArrayList<>(createFields);
            updateFields.add("source_system");
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("topic").asText()).isEqualTo("people.users");
                JsonNode key = line.path("key");
                JsonNode value = line.path("value");
                List<String> names = new ArrayList<>();
                value.fieldNames().forEachRemaining(names::add);
                String op = value.path("__op").asText();
                // Deletes are dropped by extract_new_record_state; datagen's cdc_mode makes no reads.
                assertThat(op).isIn("c", "u");
                assertThat(names).containsExactlyElementsOf(op.equals("u") ? updateFields : createFields);
                if (op.equals("u")) assertThat(value.path("source_system").asText()).isEqualTo("datagen");
                // value_to_key: the key is the two value fields, taken before country was renamed.
                assertThat(key.path("user_id").asLong()).isEqualTo(value.path("user_id").asLong());
                assertThat(key.path("country").asText()).isEqualTo(value.path("nation").asText());
                // filter: no user from the US, in the key or the value.
                assertThat(value.path("nation").asText()).isNotEqualTo("US");
                // cast: age is a string of digits, premium a number 0 or 1.
                assertThat(value.path("age").isTextual()).isTrue();
                assertThat(Integer.parseInt(value.path("age").asText())).isBetween(18, 79);
                assertThat(value.path("premium").isIntegralNumber()).isTrue();
                assertThat(value.path("premium").asInt()).isIn(0, 1);
                // mask_field only where premium was true.
                if (value.path("premium").asInt() == 1) {
                    assertThat(value.path("email").asText()).isEqualTo("hidden@example.invalid");
                } else {
                    assertThat(value.path("email").asText()).contains("@").isNotEqualTo("hidden@example.invalid");
                }
                // timestamp_converter: epoch microseconds, and a date formatted dd.MM.yyyy (2021–2023).
                assertThat(value.path("_timestamp").isIntegralNumber()).isTrue();
                assertThat(value.path("_timestamp").asLong()).isBetween(MIN_MICROS, MAX_MICROS);
                assertThat(value.path("signup_date").asText()).matches("\\d{2}\\.\\d{2}\\.202[123]");
            });
            assertThat(lines).as("creates and updates").anySatisfy(l -> assertThat(l.path("value").path("__op").asText()).isEqualTo("c"))
                    .anySatisfy(l -> assertThat(l.path("value").path("__op").asText()).isEqualTo("u"));
            assertThat(lines).as("premium and other users").anySatisfy(l -> assertThat(l.path("value").path("premium").asInt()).isEqualTo(1))
                    .anySatisfy(l -> assertThat(l.path("value").path("premium").asInt()).isEqualTo(0));
        }
    }
}
