package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schema derive} and {@code topics --schemas} against a real PostgreSQL: what they print is
 * exactly what a pipeline then registers (read back from the registry with {@code schema get}).
 */
class SchemaDeriveCommandTest {

    private static final String DB = "cli_derive";

    @TempDir
    Path tmp;

    private final String registry = "mock://derive-" + System.nanoTime();

    private Path config(String subjectStrategy) throws Exception {
        Path file = tmp.resolve("derive.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: avro
                  external:
                    url: %s
                    subject_strategy: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      poll_interval_ms: 50
                      include_tables: [public.orders]
                sinks:
                  out:
                    connector: stdout
                """.formatted(tmp.resolve("state"), registry, subjectStrategy, PostgresServer.shared().host(),
                PostgresServer.shared().port(), DB));
        return file;
    }

    @AfterEach
    void dropTheRunsSlot() throws Exception {
        // The run below keeps its slot (as a pipeline must); the shared server has few.
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE database = '" + DB + "' AND NOT active");
        }
    }

    /**
     * A datagen source under the mock registry in {@code format}.
     *
     * @param sourceConfig the source's config block, unindented
     */
    private Path datagenConfig(String name, String format, String sourceConfig) throws Exception {
        return Files.writeString(tmp.resolve(name), """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: %s
                  external: { url: %s }
                sources:
                  gen:
                    connector: datagen
                    config:
                %s
                sinks:
                  out: { connector: stdout }
                """.formatted(tmp.resolve("state"), format, registry, sourceConfig.indent(6).stripTrailing()));
    }

    @Test
    void derivedSchemasAndSubjectsAreThoseTheRunningPipelineRegisters() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TYPE status AS ENUM ('new', 'paid')",
                "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0.00,"
                        + " state status NOT NULL DEFAULT 'new', tags text[], placed timestamptz DEFAULT now(), note text)",
                "INSERT INTO orders (id, total, tags) VALUES (1, 12.50, '{a,b}')");
        Path file = config("record");

        CliHarness.Result both = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders");
        CliHarness.Result value = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--only", "value");
        CliHarness.Result key = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--only", "key");
        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString(), "--schemas", "--format", "json");

        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(value.exitCode()).as(value.err()).isZero();
        assertThat(key.exitCode()).as(key.err()).isZero();
        assertThat(topics.exitCode()).as(topics.err()).isZero();
        // subject_strategy: record names subjects after the derived record names.
        Schema derivedValue = new Schema.Parser().parse(value.out());
        Schema derivedKey = new Schema.Parser().parse(key.out());
        assertThat(value.err()).contains("subject: " + derivedValue.getFullName());
        assertThat(both.out()).contains("# key subject: " + derivedKey.getFullName())
                .contains("# value subject: " + derivedValue.getFullName())
                .contains(value.out().strip()).contains(key.out().strip());
        JsonNode row = new ObjectMapper().readTree(topics.out()).get(0);
        assertThat(row.get("value_subject").asText()).isEqualTo(derivedValue.getFullName());
        assertThat(row.get("key_subject").asText()).isEqualTo(derivedKey.getFullName());
        assertThat(row.get("value_schema").asText()).isEqualTo(value.out().strip());
        assertThat(row.get("key_schema").asText()).isEqualTo(key.out().strip());

        // The oracle: what a real run of the pipeline registers, read back from the registry.
        CliHarness.Result run = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliHarness.Result subjects = CliHarness.run("schema", "subjects", "--registry", registry);
        assertThat(subjects.out().lines()).containsExactlyInAnyOrder(derivedKey.getFullName(), derivedValue.getFullName());
        CliHarness.Result registeredValue = CliHarness.run("schema", "get", "--subject", derivedValue.getFullName(),
                "--registry", registry);
        CliHarness.Result registeredKey = CliHarness.run("schema", "get", "--subject", derivedKey.getFullName(),
                "--registry", registry);
        assertThat(new Schema.Parser().parse(registeredValue.out())).isEqualTo(derivedValue);
        assertThat(new Schema.Parser().parse(registeredKey.out())).isEqualTo(derivedKey);
        assertThat(registeredValue.out().strip()).isEqualTo(value.out().strip());

        // Without --schemas the record names are not known: no subject is shown rather than the topic strategy's
        // <topic>-key / <topic>-value, which the run did not register (before, those were shown).
        CliHarness.Result dryJson = CliHarness.run("topics", "--config", file.toString(), "--format", "json");
        CliHarness.Result dryTable = CliHarness.run("topics", "--config", file.toString());
        assertThat(dryJson.exitCode()).as(dryJson.err()).isZero();
        JsonNode dry = new ObjectMapper().readTree(dryJson.out()).get(0);
        assertThat(subjects.out().lines()).doesNotContain(dry.get("topic").asText() + "-value");
        assertThat(dry.get("key_subject").isNull()).isTrue();
        assertThat(dry.get("value_subject").isNull()).isTrue();
        assertThat(dryTable.out()).contains("(by record name: --schemas)").doesNotContain("-value");
        assertThat(dryTable.err()).contains("note: schema_registry.external.subject_strategy is record: subjects are named"
                + " after the schemas' record names, which only --schemas derives");
    }

    /**
     * Transaction BEGIN/END events and logical decoding messages go to topics of their own: {@code topics --schemas}
     * lists their subjects and schemas after the tables', as a run then registers them (it printed only a note of
     * their topics, so a CI job that registers schemas beforehand had nothing to register them from).
     */
    @Test
    void transactionAndMessageSchemasAreThoseTheRunningPipelineRegisters() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE orders (id bigint PRIMARY KEY, note text)", "INSERT INTO orders VALUES (1, 'a')");
        Path file = config("topic");
        Files.writeString(file, Files.readString(file).replace("include_tables: [public.orders]",
                "include_tables: [public.orders]\n      transaction_metadata: true\n      message_prefixes: [audit]"));

        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString(), "--schemas", "--format", "json");
        CliHarness.Result transactionValue = CliHarness.run("schema", "derive", "--config", file.toString(),
                "--events", "transaction", "--only", "value");
        CliHarness.Result message = CliHarness.run("schema", "derive", "--config", file.toString(), "--events", "message");

        assertThat(topics.exitCode()).as(topics.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(topics.out());
        assertThat(rows.findValuesAsText("table")).containsExactly(DB + ".public.orders", DB + ".message",
                DB + ".transaction");
        assertThat(transactionValue.exitCode()).as(transactionValue.err()).isZero();
        assertThat(transactionValue.err()).contains("subject: " + rows.get(2).get("value_subject").asText());
        assertThat(message.exitCode()).as(message.err()).isZero();
        assertThat(message.out()).startsWith("# events " + DB + ".message (source pg) -> topic ")
                .contains("# value subject: " + rows.get(1).get("value_subject").asText());
        // The oracle: what a run registers once it met a transaction with a row and a message.
        CliHarness.Result snapshot = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        pg.execute(DB, "BEGIN; INSERT INTO orders VALUES (2, 'b'); SELECT pg_logical_emit_message(true, 'audit', 'x');"
                + " COMMIT");
        CliHarness.Result stream = CliHarness.run("run", "--config", file.toString(), "--max-events", "4");
        assertThat(stream.exitCode()).as(stream.err()).isZero();
        CliHarness.Result subjects = CliHarness.run("schema", "subjects", "--registry", registry);
        List<String> expected = new java.util.ArrayList<>();
        for (JsonNode row : rows) {
            for (String side : List.of("key", "value")) {
                String subject = row.get(side + "_subject").asText();
                expected.add(subject);
                CliHarness.Result registered = CliHarness.run("schema", "get", "--subject", subject, "--registry",
                        registry);
                assertThat(registered.exitCode()).as(subject + ": " + registered.err()).isZero();
                assertThat(new Schema.Parser().parse(registered.out())).as(subject)
                        .isEqualTo(new Schema.Parser().parse(row.get(side + "_schema").asText()));
            }
        }
        assertThat(subjects.out().lines()).containsExactlyInAnyOrderElementsOf(expected);
        CliHarness.Result registeredTransaction = CliHarness.run("schema", "get", "--subject",
                rows.get(2).get("value_subject").asText(), "--registry", registry);
        assertThat(new Schema.Parser().parse(transactionValue.out()))
                .isEqualTo(new Schema.Parser().parse(registeredTransaction.out()));
    }

    /**
     * Protobuf after {@code DROP COLUMN}: {@code schema derive} and {@code topics --schemas} read the subject's latest
     * version as the encoder does, so they print the numbers the next run registers (the others kept, the dropped one
     * reserved), which the registry accepts at BACKWARD — by position, qty (an int) would take total's number.
     */
    @Test
    void protobufSchemasAfterADroppedColumnKeepTheRegisteredNumbersAsTheNextRunDoes() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2), qty int, note text)",
                "INSERT INTO orders VALUES (1, 12.50, 3, 'first')");
        Path file = config("topic");
        Files.writeString(file, Files.readString(file).replace("format: avro", "format: protobuf"));
        CliHarness.Result first = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String subject = "cli_derive.public.orders-value";
        String v1 = CliHarness.run("schema", "get", "--subject", subject, "--registry", registry).out();
        assertThat(v1).contains("optional string total = 2;").contains("optional int32 qty = 3;");

        pg.execute(DB, "ALTER TABLE orders DROP COLUMN total", "INSERT INTO orders VALUES (2, 5, 'second')");
        CliHarness.Result value = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--only", "value");
        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString(), "--schemas", "--format", "json");
        assertThat(value.exitCode()).as(value.err()).isZero();
        assertThat(value.out()).contains("optional int32 qty = 3;").contains("optional string note = 4;")
                .contains("reserved 2;").contains("reserved \"total\";").doesNotContain("string total");
        assertThat(new ObjectMapper().readTree(topics.out()).get(0).get("value_schema").asText().strip())
                .isEqualTo(value.out().strip());
        Path v2 = Files.writeString(tmp.resolve("v2.proto"), value.out());
        CliHarness.Result check = CliHarness.run("schema", "check", "--subject", subject, "--schema", v2.toString(),
                "--registry", registry);
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();

        // The oracle: what the next run registers, read back from the registry.
        CliHarness.Result second = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(second.exitCode()).as(second.err()).isZero();
        CliHarness.Result registered = CliHarness.run("schema", "get", "--subject", subject, "--registry", registry);
        assertThat(registered.out().strip()).isEqualTo(value.out().strip());
    }

    /**
     * ALTER COLUMN total TYPE numeric(12,3) on a numeric(10,2) column: the new Avro schema passes the check (Avro's rules,
     * every registry's, ignore logical types), and schema check warns that a consumer reading the older records with it
     * gets their decimals at scale 3 — online against the version the run registered, and offline against it as a file.
     * That the values read so is {@code AvroLogicalTypeChangesTest}'s oracle, Avro's own reader.
     */
    @Test
    void aDecimalColumnsNewScalePassesTheCheckWithAWarningOfTheValuesConsumersGet() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2))", "INSERT INTO orders VALUES (1, 12.34)");
        Path file = config("topic");
        CliHarness.Result first = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String subject = "cli_derive.public.orders-value";
        Path v1 = Files.writeString(tmp.resolve("v1.avsc"),
                CliHarness.run("schema", "get", "--subject", subject, "--registry", registry).out());

        pg.execute(DB, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,3)");
        CliHarness.Result value = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--only", "value");
        assertThat(value.exitCode()).as(value.err()).isZero();
        Path v2 = Files.writeString(tmp.resolve("v2.avsc"), value.out());
        CliHarness.Result online = CliHarness.run("schema", "check", "--subject", subject, "--schema", v2.toString(),
                "--registry", registry);
        CliHarness.Result offline = CliHarness.run("schema", "check", "--subject", subject, "--schema", v2.toString(),
                "--against", v1.toString());

        String warning = "warning: cli_derive.public.orders.Value.total: bytes decimal(10,2) → bytes decimal(12,3): Avro's"
                + " compatibility rules ignore logical types, so a registry accepts this; a consumer reading an older"
                + " record with the newer schema reads its decimals at scale 3 instead of 2: 12.34 reads as 1.234";
        assertThat(online.exitCode()).as(online.out() + online.err()).isZero();
        assertThat(online.err()).contains(warning + " (compared with version 1 of " + subject + ")").contains("compatible:");
        assertThat(offline.exitCode()).as(offline.out() + offline.err()).isZero();
        assertThat(offline.err()).contains(warning + " (compared with " + v1 + ")");
    }

    @Test
    void datagenSchemasAreThoseItsRunRegisters() throws Exception {
        Path file = datagenConfig("gen.yaml", "protobuf", "{ pattern: orders, events_per_second: 0, max_events: 3 }");

        CliHarness.Result value = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "datagen.datagen",
                "--only", "value");
        CliHarness.Result run = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        CliHarness.Result registered = CliHarness.run("schema", "get", "--subject", "datagen-value", "--registry", registry);

        assertThat(value.exitCode()).as(value.err()).isZero();
        assertThat(value.err()).contains("subject: datagen-value");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out().strip()).isEqualTo(value.out().strip());
    }

    @Test
    void aDatagenTableIsNamedInFullOrByItsStreamNameAndAnotherNameSaysWhichItGenerates() throws Exception {
        Path file = datagenConfig("named.yaml", "avro", "{ pattern: users, stream_name: users, namespace: shop }");

        CliHarness.Result full = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "shop.users",
                "--only", "value");
        CliHarness.Result shortName = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "users",
                "--only", "value");
        CliHarness.Result other = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "shop.orders");
        CliHarness.Result unqualified = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "orders");

        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(shortName.exitCode()).as(shortName.err()).isZero();
        assertThat(shortName.out()).isEqualTo(full.out());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("--table shop.orders: source 'gen' generates only shop.users");
        assertThat(unqualified.exitCode()).isEqualTo(2);
        assertThat(unqualified.err()).contains("--table orders: source 'gen' generates only shop.users");
    }

    @Test
    void encryptedFieldsAreStringsInTheDerivedSchemasAsTheRunRegistersThem() throws Exception {
        Path file = datagenConfig("encrypted.yaml", "avro", """
                pattern: users
                events_per_second: 0
                max_events: 3
                cdc_features:
                  encryption:
                    fields: [age, user_id]
                    mode: deterministic
                    key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                """);

        CliHarness.Result value = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "datagen.datagen",
                "--only", "value");
        CliHarness.Result key = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "datagen.datagen",
                "--only", "key");
        CliHarness.Result both = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "datagen.datagen");

        assertThat(value.exitCode()).as(value.err()).isZero();
        assertThat(key.exitCode()).as(key.err()).isZero();
        assertThat(both.err()).contains("the fields sources.gen.config.cdc_features.encryption selects are strings");
        Schema row = new Schema.Parser().parse(value.out()).getField("after").schema().getTypes().get(1);
        assertThat(row.getField("age").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(row.getField("age").doc()).startsWith("encrypted: int32");
        assertThat(row.getField("email").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(row.getField("email").doc()).doesNotStartWith("encrypted");
        assertThat(new Schema.Parser().parse(key.out()).getField("user_id").schema().getType())
                .isEqualTo(Schema.Type.STRING);

        // The oracle: what the run registers.
        CliHarness.Result run = CliHarness.run("run", "--config", file.toString(), "--max-events", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliHarness.Result registeredValue = CliHarness.run("schema", "get", "--subject", "datagen-value",
                "--registry", registry);
        CliHarness.Result registeredKey = CliHarness.run("schema", "get", "--subject", "datagen-key",
                "--registry", registry);
        assertThat(registeredValue.out().strip()).isEqualTo(value.out().strip());
        assertThat(registeredKey.out().strip()).isEqualTo(key.out().strip());
    }

    @Test
    void usageAndConfigErrorsExitTwo() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB + "_errors");
        pg.execute(DB + "_errors", "CREATE TABLE orders (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)");
        Path file = config("topic");
        Files.writeString(file, Files.readString(file).replace("database: " + DB, "database: " + DB + "_errors"));

        CliHarness.Result notCaptured = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.other");
        CliHarness.Result plainJson = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--format", "json");
        CliHarness.Result noSource = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--source", "nope");
        CliHarness.Result protobuf = CliHarness.run("schema", "derive", "--config", file.toString(), "--table", "public.orders",
                "--format", "protobuf");
        CliHarness.Result topicsPlainJson = CliHarness.run("topics", "--config", file.toString(), "--schemas",
                "--schema-format", "json");
        CliHarness.Result noTransactions = CliHarness.run("schema", "derive", "--config", file.toString(),
                "--events", "transaction");
        CliHarness.Result tableAndEvents = CliHarness.run("schema", "derive", "--config", file.toString(),
                "--table", "public.orders", "--events", "message");

        for (CliHarness.Result r : List.of(notCaptured, plainJson, noSource, topicsPlainJson, noTransactions,
                tableAndEvents)) {
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
        }
        assertThat(notCaptured.err()).contains(DB + "_errors.public.other").contains(DB + "_errors.public.orders");
        // Each command names its own option for the format (topics has --format for its output).
        assertThat(plainJson.err()).contains("--format json: plain JSON records have no registry schema;"
                + " pass --format avro, protobuf or json_schema");
        assertThat(topicsPlainJson.err()).contains("--schema-format json: plain JSON records have no registry schema;"
                + " pass --schema-format avro, protobuf or json_schema");
        assertThat(noSource.err()).contains("no source named 'nope'");
        assertThat(noTransactions.err()).contains("--events transaction: source 'pg' (postgres-cdc) writes no"
                + " transaction events under its options (a PostgreSQL source writes them with transaction_metadata: true)");
        assertThat(tableAndEvents.err()).contains("mutually exclusive");
        assertThat(protobuf.exitCode()).as(protobuf.err()).isZero();
        assertThat(protobuf.out()).contains("# value subject: " + DB + "_errors.public.orders-value")
                .contains("syntax = \"proto3\";");
    }
}
