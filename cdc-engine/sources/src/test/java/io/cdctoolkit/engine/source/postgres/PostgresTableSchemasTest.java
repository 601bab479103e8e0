package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.DebeziumReader;
import io.cdctoolkit.engine.source.debezium.NullsAndDefaults;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code tableSchemas} gives exactly the key and value schemas the running reader emits (snapshot
 * and stream) for a table of every documented type, with DEFAULTs, NOT NULL columns handled by the
 * toolkit's own converters, enums (one with a label holding a comma, as the toolkit's enum converter reads it once
 * it knows the labels) and an enum array, arrays, an array of a domain, a composite key with a numeric and a column
 * filter;
 * and it leaves no replication slot or publication behind. For each engine: the Debezium engine's through a
 * schema-only Debezium run, the native engine's from its own plan of the table.
 */
class PostgresTableSchemasTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final NullsAndDefaults TYPES = new NullsAndDefaults(PostgresTypesTest.COLUMNS, PostgresTypesTest.VALUES);

    @TempDir
    Path probeState;
    @TempDir
    Path readerState;

    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"debezium", "native"})
    void schemasAreThoseTheReaderEmitsInSnapshotAndStream(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_table_schemas_" + engine);
        pg.execute(db, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TYPE shade AS ENUM ('dark, ish', 'light')", // a label with a comma: one symbol, not two
                "CREATE DOMAIN amount AS numeric(10,2)", // amount[]: an array of decimal(10,2)
                "CREATE TABLE wide (id bigint, region numeric(6,2), " + TYPES.columnsWithDefaults() + ","
                        + " n_numeric numeric(10,2) NOT NULL DEFAULT 1.50, n_numeric_free numeric NOT NULL DEFAULT 7,"
                        + " n_numeric_array numeric[] NOT NULL DEFAULT '{1.5}', n_time_array time[] NOT NULL DEFAULT '{12:00}',"
                        + " n_enum mood NOT NULL DEFAULT 'ok', n_text text NOT NULL, n_ts timestamptz NOT NULL DEFAULT now(),"
                        + " n_int_array int[] NOT NULL DEFAULT '{}', secret text,"
                        + " n_shade shade NOT NULL DEFAULT 'dark, ish', shades shade[], amounts amount[],"
                        + " PRIMARY KEY (id, region))",
                "CREATE TABLE nokey (a int, b text DEFAULT 'x')",
                "INSERT INTO wide (id, region, n_text) VALUES (1, 1.5, 'snap')",
                "INSERT INTO nokey VALUES (1, 'snap')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("column_filters", Map.of("public.wide", Map.of("exclude", List.of("secret"))));
        config.put("engine", engine);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        TableId wide = new TableId(db, "public", "wide");
        TableId nokey = new TableId(db, "public", "nokey");

        TableSchemas wideSchemas = factory.tableSchemas(PgTestSupport.options(config),
                ComponentContext.of("schemas", probeState), wide);
        TableSchemas nokeySchemas = factory.tableSchemas(PgTestSupport.options(config),
                ComponentContext.of("schemas", probeState), nokey);
        assertThat(count(pg, db, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
                .as("replication slots after the probe").isZero();
        assertThat(count(pg, db, "SELECT count(*) FROM pg_publication")).as("publications after the probe").isZero();
        assertThat(Envelope.rowSchema(wideSchemas.value()).fields()).extracting(Field::name).doesNotContain("secret").contains("n_numeric_array");
        assertThat(Envelope.rowSchema(wideSchemas.value()).field("amounts").type())
                .isEqualTo(new io.cdctoolkit.engine.data.FieldType.Array(new io.cdctoolkit.engine.data.FieldType.Decimal(10, 2)));

        try (CdcReader reader = PgTestSupport.reader(config, "schemas", readerState)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            pg.execute(db, "INSERT INTO wide (id, region, n_text) VALUES (2, 2.5, 'stream')",
                    "INSERT INTO nokey VALUES (2, 'stream')");
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);
            assertThat(events).extracting(ChangeEvent::op).containsExactlyInAnyOrder(Op.READ, Op.READ, Op.CREATE, Op.CREATE);
            for (ChangeEvent event : events) {
                TableSchemas expected = event.table().equals(wide) ? wideSchemas : nokeySchemas;
                assertThat(event.topic()).isEqualTo(expected.topic());
                assertThat(event.value().schema()).as(event.op() + " value of " + event.table())
                        .isEqualTo(expected.value());
                assertThat(event.value().schema().fingerprint()).isEqualTo(expected.value().fingerprint());
                if (expected.key() == null) {
                    assertThat(event.key()).as(event.op() + " key of " + event.table()).isNull();
                } else {
                    assertThat(event.key().schema()).as(event.op() + " key of " + event.table()).isEqualTo(expected.key());
                    assertThat(event.key().schema().fingerprint()).isEqualTo(expected.key().fingerprint());
                }
            }
            assertThat(nokeySchemas.key()).isNull();

            // A new table version: the probe (no slot, while the reader runs) follows it too.
            harness.clear();
            pg.execute(db, "ALTER TABLE wide ADD COLUMN added numeric(5,1) NOT NULL DEFAULT 2.5",
                    "INSERT INTO wide (id, region, n_text) VALUES (3, 3.5, 'altered')");
            ChangeEvent altered = harness.pollAtLeast(1, TIMEOUT).get(0);
            TableSchemas alteredSchemas = factory.tableSchemas(PgTestSupport.options(config),
                    ComponentContext.of("schemas", probeState), wide);
            assertThat(alteredSchemas.value()).isNotEqualTo(wideSchemas.value()).isEqualTo(altered.value().schema());
            assertThat(alteredSchemas.key()).isEqualTo(altered.key().schema());
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    /**
     * The Debezium engine's schema probe (what {@code check}, {@code schema derive} and {@code topics --schemas} run)
     * and a reader created and closed without a start (as {@code check} creates every source) log no INFO lines of
     * their own: they would interleave those commands' output with "… schema probe started", "… stopped".
     */
    @Test
    void theSchemaProbeAndAReaderNeverStartedLogNoLifecycleLines() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_table_schemas_quiet");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        try (LogCapture log = LogCapture.atLeast(Level.INFO, DebeziumReader.class)) {
            TableSchemas schemas = new PostgresSourceFactory().tableSchemas(PgTestSupport.options(config),
                    ComponentContext.of("quiet", probeState), new TableId(db, "public", "t"));
            assertThat(schemas.value()).isNotNull();
            PgTestSupport.reader(config, "quiet", readerState).close();
            assertThat(log.messages()).isEmpty();
        }
    }

    /**
     * {@code nonTableEventShapes} gives exactly the topic, key and value schemas and the operation of the transaction
     * BEGIN/END and logical decoding message events each engine emits, so {@code check} compiles the transforms
     * against what {@code run} meets; none without those options.
     */
    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"debezium", "native"})
    void nonTableEventShapesAreThoseOfTheEventsTheReaderEmits(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_event_shapes_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (0)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        assertThat(factory.nonTableEventShapes(PgTestSupport.options(config))).isEmpty();
        config.put("transaction_metadata", true);
        config.put("message_prefixes", List.of("audit"));
        config.put("transaction_topic", "app.tx");
        Map<TableId, EventShape> shapes = new java.util.HashMap<>();
        for (EventShape shape : factory.nonTableEventShapes(PgTestSupport.options(config))) {
            shapes.put(shape.table(), shape);
        }
        assertThat(shapes).containsOnlyKeys(new TableId(db, null, "transaction"), new TableId(db, null, "message"));

        try (CdcReader reader = PgTestSupport.reader(config, "shapes", readerState)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT); // the snapshot's row: the slot exists, the changes after it stream
            harness.clear();
            pg.execute(db, "BEGIN; INSERT INTO t VALUES (1); SELECT pg_logical_emit_message(true, 'audit', 'x'); COMMIT");
            // BEGIN, the insert, the message, END
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);
            assertThat(events).extracting(ChangeEvent::op)
                    .containsExactly(Op.TRANSACTION, Op.CREATE, Op.MESSAGE, Op.TRANSACTION);
            for (ChangeEvent event : events) {
                if (event.op() == Op.CREATE) continue;
                EventShape expected = shapes.get(event.table());
                assertThat(expected).as(event.op() + " event of " + event.table()).isNotNull();
                assertThat(expected.operations()).containsExactly(event.op());
                assertThat(event.topic()).isEqualTo(expected.topic());
                assertThat(event.key().schema()).as(event.op() + " key").isEqualTo(expected.key());
                assertThat(event.value().schema()).as(event.op() + " value").isEqualTo(expected.value());
            }
            assertThat(shapes.get(new TableId(db, null, "transaction")).topic()).isEqualTo("app.tx");
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    /**
     * A schema reading (one connection for every table with {@code engine: native}; one schema-only run for all the
     * announced tables with {@code engine: debezium}) gives each table exactly what {@code tableSchemas} gives it on
     * its own — schemas, topic and the columns a delete's old row carries — the same error for a table the source does
     * not capture, and a table asked for again after it was altered as it is now.
     */
    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"debezium", "native"})
    void aSchemaReadingGivesEachTableWhatTableSchemasGivesIt(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_schema_reading_" + engine);
        pg.execute(db, "CREATE TABLE a (id int PRIMARY KEY, v numeric(8,3) NOT NULL DEFAULT 1.5, t text)",
                "CREATE TABLE b (x text, y int)", "ALTER TABLE b REPLICA IDENTITY FULL",
                "CREATE TABLE c (k1 int, k2 text, v int, PRIMARY KEY (k1, k2))", "CREATE TABLE skipped (id int)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("include_tables", List.of("a", "b", "c"));
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("reading", probeState);
        List<TableId> tables = List.of(new TableId(db, "public", "a"), new TableId(db, "public", "b"),
                new TableId(db, "public", "c"));
        TableId skipped = new TableId(db, "public", "skipped");

        try (TableSchemaInspector.SchemaReading reading = factory.schemaReading(PgTestSupport.options(config), context, tables)) {
            for (TableId table : tables) {
                TableSchemas alone = factory.tableSchemas(PgTestSupport.options(config), context, table);
                assertThat(reading.tableSchemas(table)).as(table.toString()).isEqualTo(alone);
            }
            String aloneError = catchThrowableOfType(() -> factory.tableSchemas(PgTestSupport.options(config), context,
                    skipped), ConfigException.class).getMessage();
            assertThatThrownBy(() -> reading.tableSchemas(skipped)).isInstanceOf(ConfigException.class)
                    .hasMessage(aloneError).hasMessageContaining(db + ".public.a");

            pg.execute(db, "ALTER TABLE c ADD COLUMN w text", "ALTER TABLE c REPLICA IDENTITY FULL");
            TableSchemas altered = reading.tableSchemas(tables.get(2));
            assertThat(altered).isEqualTo(factory.tableSchemas(PgTestSupport.options(config), context, tables.get(2)));
            assertThat(Envelope.rowSchema(altered.value()).fields()).extracting(Field::name).contains("w");
            assertThat(altered.oldRowColumns()).isNull();
        }
    }

    /**
     * The Debezium engine reads a reading's tables in one schema-only run; a table that makes the connector fail (here
     * one the role may not read) fails that run for all of them: the tables are then read in halves until it is alone,
     * so the others still get their schemas and that table fails with its own error, as a run for it alone gives.
     */
    @Test
    void aTableDebeziumCannotReadFailsAloneInAReading() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_schema_reading_denied");
        String role = "schema_reading_user";
        List<TableId> tables = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            pg.execute(db, "CREATE TABLE t" + i + " (id int PRIMARY KEY, v" + i + " text)");
            tables.add(new TableId(db, "public", "t" + i));
        }
        pg.execute(db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "')"
                        + " THEN CREATE ROLE " + role + " LOGIN REPLICATION PASSWORD 'pw'; END IF; END $$",
                "GRANT SELECT ON t1, t2, t3, t5, t6 TO " + role);
        TableId denied = tables.get(3);
        Map<String, Object> superuser = PgTestSupport.config(pg, db);
        Map<String, Object> limited = PgTestSupport.config(pg, db);
        limited.put("user", role);
        limited.put("password", "pw");
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("denied", probeState);

        String aloneError = catchThrowableOfType(() -> factory.tableSchemas(PgTestSupport.options(limited), context,
                denied), FatalException.class).getMessage();
        assertThat(aloneError).contains("permission denied");
        try (TableSchemaInspector.SchemaReading reading = factory.schemaReading(PgTestSupport.options(limited), context,
                tables)) {
            for (TableId table : tables) {
                if (table.equals(denied)) {
                    assertThatThrownBy(() -> reading.tableSchemas(table)).isInstanceOf(FatalException.class)
                            .hasMessage(aloneError);
                } else {
                    assertThat(reading.tableSchemas(table)).as(table.toString())
                            .isEqualTo(factory.tableSchemas(PgTestSupport.options(superuser), context, table));
                }
            }
        }
    }

    @Test
    void aTableTheSourceDoesNotCaptureIsAConfigError() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_table_schemas_filtered");
        pg.execute(db, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("include_tables", List.of("kept"));

        assertThatThrownBy(() -> new PostgresSourceFactory().tableSchemas(PgTestSupport.options(config),
                ComponentContext.of("filtered", probeState), new TableId(db, "public", "other")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(db + ".public.other").hasMessageContaining(db + ".public.kept");
    }

    private static long count(PostgresServer pg, String db, String sql) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
