package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication made by hand that sends other rows or columns than every row and non-generated column — a row filter
 * and a column list (PostgreSQL 15+), and on PostgreSQL 18 {@code publish_generated_columns = stored}: the native
 * engine's snapshot copies what the stream has, so a table's snapshot and streamed rows share one schema and the
 * snapshot holds exactly the rows whose changes the stream sends (as PostgreSQL's own subscribers copy a table). The
 * oracles are the server's: its Relation messages (the streamed events' schema) and the filter evaluated by a query.
 * Before, the snapshot had every row and every non-generated column: the unlisted ones, which the publication keeps
 * out of the stream, and on 18 not the published stored generated ones (on 15, {@code pg_publication_tables} lists
 * generated columns the stream never has).
 */
class PostgresPublishedTablesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @ParameterizedTest
    @ValueSource(strings = {"embedded-18", "embedded-17", "machine-15"})
    void theNativeSnapshotCopiesWhatThePublicationSends(String server) throws Exception {
        ParityServer pg = ParityServer.of(server);
        boolean sendsGenerated = server.equals("embedded-18");
        String db = pg.createDatabase("pg_published_tables");
        // r is large enough to be copied in ctid ranges on the two snapshot connections, s is one COPY.
        pg.execute(db, "CREATE TABLE g (id int PRIMARY KEY, price int,"
                        + " doubled int GENERATED ALWAYS AS (price * 2) STORED, note text)",
                "CREATE TABLE l (id int PRIMARY KEY, a text, b text)",
                "CREATE TABLE r (id int PRIMARY KEY, pad text)", "CREATE TABLE s (id int PRIMARY KEY)",
                "INSERT INTO g (id, price, note) VALUES (1, 10, 'first')", "INSERT INTO l VALUES (1, 'a1', 'b1')",
                "INSERT INTO r SELECT n, repeat('x', 40) FROM generate_series(1, 40000) n",
                "INSERT INTO s VALUES (1), (2), (3)",
                "CREATE PUBLICATION by_hand FOR TABLE g, l (id, a), r WHERE (id % 3 = 0), s WHERE (id > 1)"
                        + (sendsGenerated ? " WITH (publish_generated_columns = stored)" : ""));
        if (sendsGenerated) {
            // Virtual generated columns (PostgreSQL 18) are never published.
            pg.execute(db, "ALTER TABLE g ADD COLUMN tripled int GENERATED ALWAYS AS (price * 3) VIRTUAL");
        }
        Set<Integer> rPublished = ids(pg, db, "SELECT id FROM r WHERE (id % 3 = 0)");
        Set<Integer> sPublished = ids(pg, db, "SELECT id FROM s WHERE (id > 1)");
        Map<String, Object> config = pg.config(db, "native");
        config.put("include_tables", List.of("public.g", "public.l", "public.r", "public.s"));
        config.put("publication", "by_hand");
        config.put("publication_autocreate", "disabled");
        config.put("snapshot_connections", 2);
        List<String> gColumns = sendsGenerated ? List.of("id", "price", "doubled", "note") : List.of("id", "price", "note");
        int snapshotRows = 2 + rPublished.size() + sPublished.size();
        try {
            try (CdcReader reader = PgTestSupport.reader(config, "published", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(snapshotRows, TIMEOUT);
                // Not published: r's row 4 deleted, s's row 1 changed; published: r's row 1 moved into the filter
                // arrives as a create.
                pg.execute(db, "DELETE FROM r WHERE id = 4", "UPDATE s SET id = 0 WHERE id = 1",
                        "UPDATE r SET id = 40002 WHERE id = 1",
                        "INSERT INTO g (id, price, note) VALUES (2, 20, 'second')",
                        "INSERT INTO l VALUES (2, 'a2', 'b2')");
                List<ChangeEvent> events = harness.pollAtLeast(snapshotRows + 3, TIMEOUT);
                List<ChangeEvent> snapshot = events.stream().filter(e -> e.op() == Op.READ).toList();
                List<ChangeEvent> stream = events.stream().filter(e -> e.op() != Op.READ).toList();
                assertThat(snapshot.size()).as("snapshot rows").isEqualTo(snapshotRows);
                assertThat(stream).extracting(e -> e.table().table() + " " + e.op())
                        .containsExactly("r CREATE", "g CREATE", "l CREATE");

                assertThat(ids(snapshot, "r")).as("the rows the filter passes").isEqualTo(rPublished);
                assertThat(ids(snapshot, "s")).isEqualTo(sPublished);
                assertThat(Envelope.after(stream.get(0).value()).get("id")).isEqualTo(40002);
                Row gRead = after(snapshot, "g");
                Row gCreated = after(stream, "g");
                assertThat(names(gCreated)).as("what the server sends").isEqualTo(gColumns);
                assertThat(gRead.schema()).as("snapshot as streamed").isSameAs(gCreated.schema());
                if (sendsGenerated) {
                    assertThat(gRead.get("doubled")).isEqualTo(20);
                    assertThat(gCreated.get("doubled")).isEqualTo(40);
                }
                Row lRead = after(snapshot, "l");
                Row lCreated = after(stream, "l");
                assertThat(names(lCreated)).as("what the server sends").containsExactly("id", "a");
                assertThat(lRead.schema()).as("snapshot as streamed: b is not published").isSameAs(lCreated.schema());
                assertThat(lRead.get("a")).isEqualTo("a1");
                assertThat(after(snapshot, "r").schema()).isSameAs(Envelope.after(stream.get(0).value()).schema());
            }

            // schema derive / check: the same schema, and only the generated columns left out are warned of.
            PostgresSourceFactory factory = new PostgresSourceFactory();
            ComponentContext context = ComponentContext.of("published", state);
            assertThat(fieldNames(Envelope.rowSchema(factory.tableSchemas(PgTestSupport.options(config), context,
                    new TableId(db, "public", "g")).value()).fields())).isEqualTo(gColumns);
            PrerequisiteReport report = factory.check(PgTestSupport.options(config), context);
            PrerequisiteCheck generated = report.item("generated_columns public.g").orElseThrow();
            assertThat(generated.message()).startsWith("generated column(s) " + (sendsGenerated ? "tripled" : "doubled")
                    + " are not in the events");
            assertThat(report.item("publication_column_list public.l").orElseThrow().message())
                    .contains("only the columns id, a of public.l", "the events have only those");
            assertThat(report.item("publication_row_filter public.r").orElseThrow().message())
                    .contains("only the rows of public.r where ((id % 3) = 0)", "the events have only those");
        } finally {
            pg.dropDatabase(db);
        }
    }

    /**
     * The Debezium engine's snapshot query ({@link OwnRowsSnapshotQuery}) applies the publication's row filters too,
     * also to a table whose name needs quoting; of a column list it still copies every column (documented).
     */
    @Test
    void theDebeziumEnginesSnapshotHoldsTheRowsTheFilterPasses() throws Exception {
        ParityServer pg = ParityServer.of("embedded-17");
        String db = pg.createDatabase("pg_published_rows_debezium");
        pg.execute(db, "CREATE TABLE r (id int PRIMARY KEY, pad text)", "CREATE TABLE \"Odd \"\"Name\" (id int PRIMARY KEY)",
                "INSERT INTO r SELECT n, 'x' FROM generate_series(1, 30) n",
                "INSERT INTO \"Odd \"\"Name\" SELECT generate_series(1, 5)",
                "CREATE PUBLICATION by_hand FOR TABLE r WHERE (id % 3 = 0), \"Odd \"\"Name\" WHERE (id > 3)");
        Set<Integer> rPublished = ids(pg, db, "SELECT id FROM r WHERE (id % 3 = 0)");
        Set<Integer> oddPublished = ids(pg, db, "SELECT id FROM \"Odd \"\"Name\" WHERE (id > 3)");
        Map<String, Object> config = pg.config(db, "debezium");
        config.put("include_tables", List.of("public.*"));
        config.put("publication", "by_hand");
        config.put("publication_autocreate", "disabled");
        config.put("slot_name", "published_rows_debezium");
        int snapshotRows = rPublished.size() + oddPublished.size();
        try (CdcReader reader = PgTestSupport.reader(config, "published_rows", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(snapshotRows, TIMEOUT);
            pg.execute(db, "INSERT INTO r VALUES (31, 'x')", "UPDATE r SET id = 33 WHERE id = 1",
                    "INSERT INTO r VALUES (36, 'x')");
            List<ChangeEvent> events = harness.pollAtLeast(snapshotRows + 2, TIMEOUT);
            List<ChangeEvent> snapshot = events.stream().filter(e -> e.op() == Op.READ).toList();
            List<ChangeEvent> stream = events.stream().filter(e -> e.op() != Op.READ).toList();
            assertThat(snapshot.size()).as("snapshot rows").isEqualTo(snapshotRows);
            assertThat(ids(snapshot, "r")).isEqualTo(rPublished);
            assertThat(ids(snapshot, "Odd \"Name")).isEqualTo(oddPublished);
            assertThat(stream).extracting(e -> e.op() + " " + Envelope.after(e.value()).get("id"))
                    .containsExactly("CREATE 33", "CREATE 36");
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static Set<Integer> ids(ParityServer pg, String db, String query) throws Exception {
        Set<Integer> ids = new HashSet<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) ids.add(rs.getInt(1));
        }
        return ids;
    }

    private static Set<Integer> ids(List<ChangeEvent> events, String table) {
        Set<Integer> ids = new HashSet<>();
        for (ChangeEvent e : events) {
            if (e.table().table().equals(table)) {
                assertThat(ids.add((Integer) Envelope.after(e.value()).get("id"))).as("read once").isTrue();
            }
        }
        return ids;
    }

    private static Row after(List<ChangeEvent> events, String table) {
        return events.stream().filter(e -> e.table().table().equals(table)).map(e -> Envelope.after(e.value()))
                .findFirst().orElseThrow();
    }

    private static List<String> names(Row row) {
        return fieldNames(row.schema().fields());
    }

    private static List<String> fieldNames(List<Field> fields) {
        return fields.stream().map(Field::name).toList();
    }
}
