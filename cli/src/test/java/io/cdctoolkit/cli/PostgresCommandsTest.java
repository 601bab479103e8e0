package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} and {@code discover} against real (embedded) PostgreSQL servers. */
class PostgresCommandsTest {

    @TempDir
    Path tmp;

    private Path config(PostgresServer server, String database) throws Exception {
        return config(server, database, "include_tables: [public.customers, public.orders]");
    }

    /** @param sourceOptions more lines of the source's config (include_tables, cdc_features …), unindented */
    private Path config(PostgresServer server, String database, String sourceOptions) throws Exception {
        Path file = tmp.resolve("pg.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      password: ${PGPASSWORD:-}
                %s
                sinks:
                  out:
                    connector: stdout
                """.formatted(tmp.resolve("state"), server.host(), server.port(), database,
                sourceOptions.indent(6).stripTrailing()));
        return file;
    }

    @Test
    void checkOnAServerWithoutLogicalWalExitsThreeWithTheFix() throws Exception {
        try (PostgresServer replica = PostgresServer.start(Map.of("wal_level", "replica"))) {
            replica.createDatabase("shop");
            replica.execute("shop", "CREATE TABLE customers (id int PRIMARY KEY, name text)",
                    "CREATE TABLE orders (id int PRIMARY KEY, customer int)");

            CliHarness.Result result = CliHarness.run("check", "--config", config(replica, "shop").toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
            assertThat(result.out()).contains("✗").contains("wal_level")
                    .contains("ALTER SYSTEM SET wal_level = logical");
        }
    }

    @Test
    void checkPassesOnALogicalServerAndDiscoverListsTheTablesWithTheirKeys() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_shop");
        server.execute("cli_shop",
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "ALTER TABLE customers REPLICA IDENTITY FULL",
                "CREATE TABLE orders (order_no bigint, line int, amount numeric(10,2), PRIMARY KEY (order_no, line))",
                "ALTER TABLE orders REPLICA IDENTITY FULL");
        Path file = config(server, "cli_shop");

        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());
        CliHarness.Result discover = CliHarness.run("discover", "--config", file.toString(), "--source", "pg",
                "--format", "json");

        // The config's only source needs no --source.
        CliHarness.Result onlySource = CliHarness.run("discover", "--config", file.toString(), "--format", "json");

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("✓ source pg: wal_level").doesNotContain("✗");
        assertThat(discover.exitCode()).as(discover.err()).isZero();
        assertThat(onlySource.exitCode()).as(onlySource.err()).isZero();
        assertThat(onlySource.out()).isEqualTo(discover.out());
        JsonNode tables = new ObjectMapper().readTree(discover.out());
        assertThat(tables.findValuesAsText("table")).contains("cli_shop.public.customers", "cli_shop.public.orders");
        for (JsonNode t : tables) {
            if (t.get("table").asText().endsWith("orders")) {
                assertThat(t.get("primary_key").toString()).isEqualTo("[\"order_no\",\"line\"]");
            }
        }
    }

    /**
     * discover lists every column and says which ones column_filters leaves out (a plain table name as the key, which
     * gets the default schema); the oracle is the reader's own schema of the table, as schema derive prints it.
     */
    @Test
    void discoverSaysWhichColumnsTheColumnFiltersLeaveOut() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_discover_filters");
        server.execute("cli_discover_filters", "CREATE TABLE customers (id int PRIMARY KEY, name text, ssn text,"
                + " ssn_hash text DEFAULT '', tier text NOT NULL DEFAULT 'basic')");
        Path file = config(server, "cli_discover_filters", """
                include_tables: [public.customers]
                column_filters:
                  customers: { exclude: ["ssn*"] }""");

        CliHarness.Result table = CliHarness.run("discover", "--config", file.toString());
        CliHarness.Result json = CliHarness.run("discover", "--config", file.toString(), "--format", "json");
        CliHarness.Result derived = CliHarness.run("schema", "derive", "--config", file.toString(), "--table",
                "public.customers", "--format", "avro", "--only", "value");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("  ssn +text +null +left out by column_filters\n")
                .containsPattern("  name +text +null\n")
                .containsPattern("  ssn_hash +text +null +default ''::text  left out by column_filters\n")
                .containsPattern("  tier +text +not null +default 'basic'::text\n");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(derived.exitCode()).as(derived.err()).isZero();
        List<String> captured = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(json.out()).get(0).get("columns")) {
            if (c.get("captured").asBoolean()) captured.add(c.get("name").asText());
        }
        List<String> inSchema = new ArrayList<>();
        JsonNode before = new ObjectMapper().readTree(derived.out()).get("fields").get(0).get("type").get(1);
        before.get("fields").forEach(f -> inSchema.add(f.get("name").asText()));
        assertThat(captured).containsExactly("id", "name", "tier").isEqualTo(inSchema);
        List<String> defaults = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(json.out()).get(0).get("columns")) {
            defaults.add(c.get("default").isNull() ? null : c.get("default").asText());
        }
        assertThat(defaults).as("each column's default, null where it has none")
                .containsExactly(null, null, null, "''::text", "'basic'::text");
    }

    /**
     * {@code engine: debezium} and a table the role may not read: check names the grant it needs and says the
     * transforms were not compiled against that table because its schemas cannot be read, with PostgreSQL's reason — at
     * once (the schema-only run no longer restarts the connector after the error until start_timeout_ms passes, which
     * ended in "the connector gave no event" after two minutes), not as a source that "cannot be reached". The other
     * tables are still compiled (check stopped at the first table it could not read, topics showed every later table
     * before the transforms).
     */
    @Test
    void checkSaysWhyATableTheRoleMayNotReadHasNoSchemas() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_denied");
        server.execute("cli_denied", "CREATE TABLE readable (id int PRIMARY KEY, v text)",
                "CREATE TABLE hidden (id int PRIMARY KEY, w text)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cli_denied_user')"
                        + " THEN CREATE ROLE cli_denied_user LOGIN REPLICATION PASSWORD 'pw'; END IF; END $$",
                "GRANT SELECT ON readable TO cli_denied_user", "GRANT CREATE ON DATABASE cli_denied TO cli_denied_user");
        Path file = config(server, "cli_denied", """
                engine: debezium
                include_tables: [public.hidden, public.readable]
                transforms:
                  - { type: mask_field, config: { fields: [v] }, predicate: { tables: [public.readable] } }
                  - { type: regex_router, config: { regex: "(.*)", replacement: "routed.$1" } }
                """);
        Files.writeString(file, Files.readString(file).replace("user: postgres", "user: cli_denied_user")
                .replace("password: ${PGPASSWORD:-}", "password: pw"));

        LoggedLines logged = new LoggedLines();
        CliHarness.Result check = logged.during(() -> CliHarness.run("check", "--config", file.toString()));
        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(3);
        // Debezium's own lines about its failed schema-only runs (three per run, the table and PostgreSQL's reason
        // again) and its start-up warnings stay out of the output: the report says it.
        assertThat(logged.from("io.debezium")).isEmpty();
        assertThat(((Logger) LoggerFactory.getLogger("io.debezium")).getLevel()).isEqualTo(Level.WARN);
        assertThat(check.out()).contains("✗ source pg: select public.hidden")
                .contains("GRANT SELECT ON public.hidden TO cli_denied_user")
                .contains("! transforms pg                table cli_denied.public.hidden skipped: its schemas cannot be"
                        + " read (")
                .contains("Debezium stopped: ERROR: permission denied for table hidden)")
                .contains("✓ transforms pg                2 transform(s) fit 1 table(s)")
                .doesNotContain("cannot be reached").doesNotContain("gave no event")
                .doesNotContain("change event producer");
        assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).containsPattern("cli_denied\\.public\\.hidden +cli_denied\\.public\\.hidden +-\n")
                .containsPattern("cli_denied\\.public\\.readable +routed\\.cli_denied\\.public\\.readable +- ");
        assertThat(topics.err()).contains("note: source pg: the schemas of cli_denied.public.hidden could not be read (")
                .contains("its topic is shown before the transforms");

        // With --schemas, the readable table's schemas are derived and the other one is noted (it was exit 4).
        CliHarness.Result schemas = CliHarness.run("topics", "--config", file.toString(), "--schemas",
                "--schema-format", "avro");
        assertThat(schemas.exitCode()).as(schemas.out() + schemas.err()).isZero();
        assertThat(schemas.out()).contains("# table cli_denied.public.readable (source pg) -> topic"
                + " routed.cli_denied.public.readable").doesNotContain("# table cli_denied.public.hidden");
        assertThat(schemas.err()).contains("note: source pg: the schemas of cli_denied.public.hidden could not be read"
                + " (").contains("permission denied for table hidden): no schemas shown for it");
    }

    /**
     * The Debezium engine warned at every start, twice, that a type of PostgreSQL's own catalog was "already mapped"
     * ({@code _pg_user_mappings}: two built-in types of that name); a run on a healthy database logs no Debezium warning.
     */
    @Test
    void aRunOfTheDebeziumEngineLogsNoWarningOnAHealthyDatabase() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_quiet_run");
        server.execute("cli_quiet_run", "CREATE TABLE items (id int PRIMARY KEY, v text)",
                "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        Path file = config(server, "cli_quiet_run", """
                engine: debezium
                include_tables: [public.items]
                slot_name: cli_quiet_run
                """);
        Files.writeString(file, Files.readString(file) + """
                pipelines:
                  p: { source: pg, sink: out }
                """);

        LoggedLines logged = new LoggedLines();
        CliHarness.Result run;
        try {
            run = logged.during(() -> CliHarness.run("run", "--config", file.toString(), "--max-events", "2"));
        } finally {
            // the shared server's other tests use the default slot name in their own databases
            server.execute("cli_quiet_run", "SELECT pg_drop_replication_slot('cli_quiet_run')");
        }

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("{"))).hasSize(2);
        assertThat(logged.from("io.debezium")).as("Debezium's warnings").isEmpty();
    }

    /** Log events that reach the root logger while a command runs (after the turbo filters and levels). */
    private static final class LoggedLines {
        private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

        CliHarness.Result during(java.util.function.Supplier<CliHarness.Result> command) {
            Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
            seen.start();
            root.addAppender(seen);
            try {
                return command.get();
            } finally {
                root.detachAppender(seen);
            }
        }

        /** {@code LEVEL logger - message} of the events whose logger name starts with {@code prefix}. */
        List<String> from(String prefix) {
            return seen.list.stream().filter(e -> e.getLoggerName().startsWith(prefix))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()).toList();
        }
    }

    @Test
    void aFailedPrerequisiteStillLetsCheckReviewTheTombstonesAgainstTheTables() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_tombstones");
        server.execute("cli_tombstones",
                "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                "CREATE TABLE audit_log (id int, msg text)"); // no key, REPLICA IDENTITY DEFAULT: a failed prerequisite
        Path file = config(server, "cli_tombstones", """
                include_tables: [public.orders, public.audit_log]
                cdc_features:
                  tombstones: { enabled: true, exclude_tables: [public.audti_log] }
                """);

        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(3);
        assertThat(check.out()).contains("✗ source pg: replica_identity public.audit_log")
                .doesNotContain("cannot be reached")
                .contains("cdc_features.tombstones.exclude_tables[0]: 'public.audti_log' matches none of the 2 table(s)")
                .contains("did you mean public.audit_log")
                .contains("cdc_features.tombstones: table cli_tombstones.public.audit_log has no key: its deletes get"
                        + " no tombstone");
    }

    /**
     * value_to_key on a column outside the replica identity: a delete's old row has only the key columns, so its
     * record key has null there and differs from the row's other records' key. check warns for that table only.
     */
    @Test
    void checkWarnsWhenTheTransformsKeyDeletesByAColumnTheirOldRowDoesNotCarry() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_delete_keys");
        server.execute("cli_delete_keys",
                "CREATE TABLE accounts (id int PRIMARY KEY, tenant text NOT NULL, name text)",
                "CREATE TABLE tenants (id int PRIMARY KEY, tenant text NOT NULL)",
                "ALTER TABLE tenants REPLICA IDENTITY FULL");
        Path file = config(server, "cli_delete_keys", """
                include_tables: [public.accounts, public.tenants]
                transforms:
                  - { type: value_to_key, config: { fields: [tenant, id] } }
                """);

        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("✓ transforms pg")
                .contains("! transforms pg").contains("table cli_delete_keys.public.accounts: the record key has tenant,"
                        + " which its deletes cannot fill (they carry an old row of only id (its replica identity)): a"
                        + " delete, and its tombstone, get another key than the row's other records")
                .contains("fix: ALTER TABLE public.accounts REPLICA IDENTITY FULL; or key the events by id only")
                .doesNotContain("table cli_delete_keys.public.tenants:");

        // No delete reaches the key: a filter that keeps no delete, before or after value_to_key, or deletes dropped
        // by extract_new_record_state. (It warned of the filter's deletes before the shapes carried operations.)
        for (String transforms : List.of("""
                  - { type: filter, config: { condition: "op != 'd'" } }
                  - { type: value_to_key, config: { fields: [tenant, id] } }
                """, """
                  - { type: value_to_key, config: { fields: [tenant, id] } }
                  - { type: filter, config: { condition: "op = 'd' or tenant = 'test'", drop: true } }
                """, """
                  - { type: value_to_key, config: { fields: [tenant, id] } }
                  - { type: extract_new_record_state, config: { delete_handling_mode: drop } }
                """)) {
            Path filtered = config(server, "cli_delete_keys", "include_tables: [public.accounts, public.tenants]\n"
                    + "transforms:\n" + transforms);
            CliHarness.Result noDeletes = CliHarness.run("check", "--config", filtered.toString());
            assertThat(noDeletes.exitCode()).as(noDeletes.out() + noDeletes.err()).isZero();
            assertThat(noDeletes.out()).as(transforms).contains("✓ transforms pg").doesNotContain("cannot fill");
        }
        // A filter whose deletes depend on their rows lets some through: the warning stays.
        Path someDeletes = config(server, "cli_delete_keys", """
                include_tables: [public.accounts, public.tenants]
                transforms:
                  - { type: filter, config: { condition: "op != 'd' or tenant = 'keep'" } }
                  - { type: value_to_key, config: { fields: [tenant, id] } }
                """);
        assertThat(CliHarness.run("check", "--config", someDeletes.toString()).out())
                .contains("table cli_delete_keys.public.accounts: the record key has tenant, which its deletes cannot fill");

        server.execute("cli_delete_keys", "ALTER TABLE accounts REPLICA IDENTITY FULL");
        assertThat(CliHarness.run("check", "--config", file.toString()).out()).doesNotContain("cannot fill");
    }

    /**
     * Under Protobuf a NULL element of a PostgreSQL array cannot be written (the writer refuses the row, and on_error
     * stops by default): check names the array columns per table, and says nothing under Avro, which writes them.
     */
    @Test
    void checkWarnsOfArrayColumnsWhoseNullElementsProtobufCannotWrite() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_proto_arrays");
        server.execute("cli_proto_arrays",
                "CREATE TABLE tagged (id int PRIMARY KEY, tags text[], scores int[], note text)",
                "CREATE TABLE plain (id int PRIMARY KEY, note text)",
                "ALTER TABLE tagged REPLICA IDENTITY FULL", "ALTER TABLE plain REPLICA IDENTITY FULL");
        Path file = config(server, "cli_proto_arrays", "include_tables: [public.tagged, public.plain]");
        String yaml = Files.readString(file);
        Files.writeString(file, yaml.replace("sources:\n", "schema_registry: { mode: external, format: protobuf,"
                + " external: { url: \"mock://cli-proto-arrays\" } }\nsources:\n"));

        CliHarness.Result protobuf = CliHarness.run("check", "--config", file.toString());

        assertThat(protobuf.exitCode()).as(protobuf.out() + protobuf.err()).isZero();
        assertThat(protobuf.out()).contains("! protobuf pg").contains("table cli_proto_arrays.public.tagged: a null"
                        + " element in tags, scores (Protobuf repeated fields cannot hold null) cannot be written: a row"
                        + " holding one goes to on_error")
                .contains("fix: keep NULL out of them")
                .doesNotContain("public.plain:");

        Files.writeString(file, Files.readString(file).replace("format: protobuf", "format: avro"));
        CliHarness.Result avro = CliHarness.run("check", "--config", file.toString());
        assertThat(avro.exitCode()).as(avro.out() + avro.err()).isZero();
        assertThat(avro.out()).doesNotContain("cannot be written");
    }

    /**
     * regex_router merging two tables into one topic, keyed by their own ids: equal ids get one Kafka key. check warns,
     * and is quiet once the key carries the table (insert_field on the key before the router, its own fix).
     */
    @Test
    void checkWarnsWhenTablesRoutedToOneTopicHaveKeysThatCanMeet() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_merged");
        server.execute("cli_merged",
                "CREATE TABLE orders_2024 (id int PRIMARY KEY, amount numeric(10,2))",
                "CREATE TABLE orders_2025 (id int PRIMARY KEY, amount numeric(10,2), note text)",
                "ALTER TABLE orders_2024 REPLICA IDENTITY FULL", "ALTER TABLE orders_2025 REPLICA IDENTITY FULL");
        String router = "- { type: regex_router, config: { regex: \"(.*)\\\\.orders_\\\\d+\", replacement: \"$1.orders\" } }";
        Path file = config(server, "cli_merged", "include_tables: [public.orders_2024, public.orders_2025]\ntransforms:\n  "
                + router);

        CliHarness.Result merged = CliHarness.run("check", "--config", file.toString());

        assertThat(merged.exitCode()).as(merged.out() + merged.err()).isZero();
        assertThat(merged.out()).contains("! transforms pg").contains("topic cli_merged.public.orders: tables"
                + " cli_merged.public.orders_2024, cli_merged.public.orders_2025 go to it keyed by their own column(s)"
                + " (id): rows of different tables with equal keys get one Kafka key")
                .contains("fix: put the table into the key before the router");

        file = config(server, "cli_merged", "include_tables: [public.orders_2024, public.orders_2025]\ntransforms:\n"
                + "  - { type: insert_field, config: { target: key, topic_field: source_topic } }\n  " + router);
        CliHarness.Result tableInKey = CliHarness.run("check", "--config", file.toString());
        assertThat(tableInKey.exitCode()).as(tableInKey.out() + tableInKey.err()).isZero();
        assertThat(tableInKey.out()).contains("✓ transforms pg").doesNotContain("get one Kafka key");
    }

    /**
     * A dry run of a table that is not created yet, in a source with transforms (which need its schema): its topic
     * before the transforms, with a note naming the tables the source has, not a config error; a table the source
     * has is shown after them.
     */
    @Test
    void topicsShowsATableNotCreatedYetBeforeTheTransformsWithANote() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_topics_later");
        server.execute("cli_topics_later", "CREATE TABLE customers (id int PRIMARY KEY, name text)");
        Path file = config(server, "cli_topics_later", """
                transforms:
                  - type: regex_router
                    config: { regex: "(.*)", replacement: "routed.$1" }""");

        CliHarness.Result result = CliHarness.run("topics", "--config", file.toString(), "--tables",
                "cli_topics_later.public.customers,cli_topics_later.public.invoices");

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).containsPattern("cli_topics_later\\.public\\.customers +routed\\.cli_topics_later\\.public\\.customers")
                .containsPattern("cli_topics_later\\.public\\.invoices +cli_topics_later\\.public\\.invoices ");
        assertThat(result.err()).contains("note: source 'pg' does not capture table cli_topics_later.public.invoices;"
                + " it captures: cli_topics_later.public.customers (so its topic is shown before the transforms)");

        // Named in include_tables: PostgreSQL lists every table to every role, so the table does not exist. With
        // --schemas the table has none to show, and the others' are derived (this was exit 2 for the whole run).
        Path included = config(server, "cli_topics_later", "include_tables: [public.customers, public.invoices]");
        CliHarness.Result schemas = CliHarness.run("topics", "--config", included.toString(), "--schemas",
                "--schema-format", "avro");
        assertThat(schemas.exitCode()).as(schemas.out() + schemas.err()).isZero();
        assertThat(schemas.out()).contains("# table cli_topics_later.public.customers (source pg)")
                .doesNotContain("# table cli_topics_later.public.invoices");
        assertThat(schemas.err()).contains("note: source 'pg': the database has no table"
                + " cli_topics_later.public.invoices, which include_tables names; it captures:"
                + " cli_topics_later.public.customers (so no schemas are shown for it)");
    }

    /**
     * The transaction events go through the transforms too: {@code topics} says where a router sends them, and fails,
     * as {@code check} does, on a transform that would stop run at the first of them.
     */
    @Test
    void topicsSaysWhereTheTransformsSendTheTransactionEvents() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_topics_tx");
        server.execute("cli_topics_tx", "CREATE TABLE customers (id int PRIMARY KEY, name text)");
        Path routed = config(server, "cli_topics_tx", """
                include_tables: [public.customers]
                transaction_metadata: true
                transforms:
                  - type: regex_router
                    config: { regex: "cli_topics_tx\\\\.transaction", replacement: "app.transactions" }""");

        CliHarness.Result result = CliHarness.run("topics", "--config", routed.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("note: source pg also writes its transaction BEGIN/END events to topic"
                        + " cli_topics_tx.transaction")
                .contains("note: source pg: after its transforms, its cli_topics_tx.transaction events go to topic"
                        + " app.transactions");

        Path unfit = config(server, "cli_topics_tx", """
                include_tables: [public.customers]
                transaction_metadata: true
                transforms:
                  - { type: mask_field, config: { fields: [name] } }""");

        CliHarness.Result failed = CliHarness.run("topics", "--config", unfit.toString());

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(2);
        assertThat(failed.err()).contains("sources.pg.config.transforms[0].config.fields: mask_field does not fit table"
                + " cli_topics_tx.transaction");
    }

    /**
     * backfill on a stopped source: the next run reads the table's rows again (op r, incremental) as the table holds them,
     * then the changes made since the last committed position — a row deleted while stopped arrives as its delete. While
     * the source runs (its state locked) the command refuses, and a source that cannot (datagen) says so. The source
     * deduplicates by content: the rows a backfill reads again with the values already delivered still come through.
     */
    @Test
    void backfillHasTheNextRunReadATablesRowsAgainOrTheRunningOneAtOnce() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.createDatabase("cli_backfill");
        server.execute("cli_backfill", "CREATE TABLE orders (id int PRIMARY KEY, v text)",
                "INSERT INTO orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        // A slot of its own, dropped after: the other tests' sources use the default name on the same server.
        Path file = config(server, "cli_backfill", "include_tables: [public.orders]\nslot_name: cli_backfill\n"
                + "cdc_features: { deduplication: { key: content } }");
        Files.writeString(file, Files.readString(file) + "pipelines:\n  p: { source: pg, sink: out }\n");
        try {
            runAndBackfill(server, file);
        } finally {
            server.execute("cli_backfill", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = 'cli_backfill' AND NOT active");
        }

        Path datagen = tmp.resolve("gen.yaml");
        Files.writeString(datagen, "sources:\n  gen: { connector: datagen }\nsinks:\n  out: { connector: stdout }\n");
        // --table is --tables spelled as schema check-tables spells it
        CliHarness.Result cannot = CliHarness.run("backfill", "--config", datagen.toString(), "--table", "orders");
        assertThat(cannot.exitCode()).isEqualTo(2);
        assertThat(cannot.err()).contains("datagen source 'gen' cannot read tables again on request");
    }

    private void runAndBackfill(PostgresServer server, Path file) throws Exception {
        CliHarness.Result snapshot = CliHarness.run("run", "--config", file.toString(), "--max-events", "3");
        assertThat(snapshot.exitCode()).as(snapshot.out() + snapshot.err()).isZero();
        server.execute("cli_backfill", "DELETE FROM orders WHERE id = 2", "UPDATE orders SET v = 'c2' WHERE id = 3");

        CliHarness.Result misspelt = CliHarness.run("backfill", "--config", file.toString(), "--tables", "orders",
                "--where", "totl > 1");
        assertThat(misspelt.exitCode()).as(misspelt.out() + misspelt.err()).isEqualTo(2);
        assertThat(misspelt.err()).startsWith("error: --where totl > 1 is not a condition on the rows of public.orders:")
                .contains("column \"totl\" does not exist");
        CliHarness.Result asked = CliHarness.run("backfill", "--config", file.toString(), "--tables", "orders");
        assertThat(asked.exitCode()).as(asked.out() + asked.err()).isZero();
        assertThat(asked.out()).startsWith("the next start of postgres-cdc source 'pg' reads the rows of public.orders again");
        CliHarness.Result next = CliHarness.run("run", "--config", file.toString(), "--max-events", "4");
        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(events(next.out().lines().filter(l -> l.startsWith("{")).toList()))
                .containsExactly("r 1 a incremental", "r 3 c2 incremental", "d 2 null", "u 3 c2 null");
        backfillWhileRunning(server, file);
    }

    /**
     * {@code backfill} while {@code run} streams (into a file sink, in another thread): the running source reads the
     * rows at once, after the change it delivered before, and streams on.
     */
    private void backfillWhileRunning(PostgresServer server, Path file) throws Exception {
        Path sink = tmp.resolve("live.jsonl");
        Path live = tmp.resolve("pg-live.yaml");
        Files.writeString(live, Files.readString(file).replace("connector: stdout",
                "connector: file\n    config: { path: " + sink + " }"));
        ByteArrayOutputStream runOutput = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(runOutput, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new CliEnvironment(printed, printed, Map.of(), ComponentCatalog.load(), false),
                "run", "--config", live.toString(), "--max-events", "4"));
        server.execute("cli_backfill", "UPDATE orders SET v = 'a1' WHERE id = 1");
        awaitLines(sink, 1, run, runOutput);
        CliHarness.Result asked = CliHarness.run("backfill", "--config", file.toString(), "--tables", "orders");
        assertThat(asked.exitCode()).as(asked.out() + asked.err()).isZero();
        assertThat(asked.out()).startsWith("postgres-cdc source 'pg' is running: it reads the rows of public.orders again");
        awaitLines(sink, 3, run, runOutput);
        server.execute("cli_backfill", "INSERT INTO orders VALUES (4, 'd')");
        assertThat(run.get(60, TimeUnit.SECONDS)).as(runOutput.toString(StandardCharsets.UTF_8)).isZero();
        List<String> events = events(Files.readAllLines(sink));
        assertThat(events).hasSize(4).startsWith("u 1 a1 null").endsWith("c 4 d null");
        assertThat(events.subList(1, 3)).containsExactlyInAnyOrder("r 1 a1 incremental", "r 3 c2 incremental"); // heap order
    }

    private static void awaitLines(Path file, int lines, CompletableFuture<Integer> run, ByteArrayOutputStream output)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            assertThat(run).as(output.toString(StandardCharsets.UTF_8)).isNotDone();
            assertThat(System.nanoTime()).as("%d lines in %s", lines, file).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** "op id v snapshot" of each record line (a deleted row: "d id null"). */
    private static List<String> events(List<String> lines) throws Exception {
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode value = new ObjectMapper().readTree(line).get("value");
            events.add(value.get("op").asText() + " " + (value.get("after").isNull() ? value.get("before").get("id")
                    : value.get("after").get("id") + " " + value.get("after").get("v").asText()) + " "
                    + value.get("source").get("snapshot").asText());
        }
        return events;
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        Path file = tmp.resolve("down.yaml");
        Files.writeString(file, """
                sources:
                  pg:
                    connector: postgres-cdc
                    config: { host: 127.0.0.1, port: 1, database: x, user: u, password: p }
                sinks:
                  out: { connector: stdout }
                """);

        assertThat(CliHarness.run("check", "--config", file.toString()).exitCode()).isEqualTo(3);
        assertThat(CliHarness.run("discover", "--config", file.toString(), "--source", "pg").exitCode()).isEqualTo(3);
    }

    @Test
    void discoverInAConfigWithSeveralSourcesAsksWhichBeforeConnecting() throws Exception {
        Path file = tmp.resolve("two.yaml");
        Files.writeString(file, """
                sources:
                  pg:
                    connector: postgres-cdc
                    config: { host: 127.0.0.1, port: 1, database: x, user: u, password: p }
                  gen: { connector: datagen }
                sinks:
                  out: { connector: stdout }
                pipelines:
                  a: { source: pg, sink: out }
                  b: { source: gen, sink: out }
                """);

        CliHarness.Result discover = CliHarness.run("discover", "--config", file.toString());

        assertThat(discover.exitCode()).isEqualTo(2);
        assertThat(discover.err()).contains("the config has 2 sources (pg, gen): name one with --source");
    }
}
