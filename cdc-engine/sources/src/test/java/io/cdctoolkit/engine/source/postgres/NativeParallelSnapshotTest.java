package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * engine: native with {@code snapshot_connections} above 1: the tables split into ctid ranges read on several
 * connections give the snapshot one connection gives (same rows, each once, same markers), all inside the slot's
 * exported snapshot, and a worker's failure surfaces from poll.
 */
class NativeParallelSnapshotTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Pages of the parallel snapshot's smallest range (CopyRanges.MIN_PAGES_PER_RANGE): bigger tables are split. */
    private static final long MIN_PAGES_PER_RANGE = 64;
    private static final List<String> TABLES = List.of("public.empty_first", "public.big", "public.small", "public.empty_last");

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void threeConnectionsGiveTheSnapshotOfOne() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_psnap_same");
        createTables(pg, db, 50_000);
        assertThat(pages(pg, db, "big")).as("big spans several ranges").isGreaterThanOrEqualTo(3 * MIN_PAGES_PER_RANGE);
        long big = count(pg, db, "big");
        long small = count(pg, db, "small");

        List<ChangeEvent> one = snapshot(config(pg, db, "psnap_one", 1));
        List<ChangeEvent> three = snapshot(config(pg, db, "psnap_three", 3));

        List<String> markers = new ArrayList<>();
        // empty_first has no row: as Debezium marks them, no row is "first" (parity workload snapshotWhoseFirstTableIsEmpty).
        markers.add("first_in_data_collection");
        for (long i = 2; i < big; i++) markers.add("true");
        markers.addAll(List.of("last_in_data_collection", "first_in_data_collection"));
        for (long i = 2; i < small; i++) markers.add("true");
        markers.add("last");
        assertThat(markers(one)).isEqualTo(markers);
        assertThat(markers(three)).isEqualTo(markers);
        assertThat(tables(three)).isEqualTo(tables(one));
        Map<Row, Row> byKeyOne = byKey(one);
        Map<Row, Row> byKeyThree = byKey(three);
        assertThat(byKeyThree).hasSize((int) (big + small)).isEqualTo(byKeyOne);
        assertThat(three).filteredOn(e -> e.table().table().equals("big")).extracting(e -> e.key().get("id"))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(pg, db));
        assertThat(three).filteredOn(e -> e.table().table().equals("big") && Envelope.after(e.value()).get("big") != null)
                .as("TOASTed values").hasSizeGreaterThan(50);
    }

    /**
     * Changes committed while the snapshot runs (its first ranges read, the later ones not yet begun) are not in
     * the snapshot (ParallelCopyTest checks that every connection imports the exported snapshot); they come from
     * the stream, once, after it.
     */
    @Test
    void changesCommittedWhileTheSnapshotRunsComeFromTheStreamOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_psnap_consistent");
        pg.execute(db, "CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO big SELECT g, 'before-' || g FROM generate_series(1, 60000) g");
        assertThat(pages(pg, db, "big")).as("big spans several ranges").isGreaterThanOrEqualTo(3 * MIN_PAGES_PER_RANGE);
        Map<Integer, String> before = values(pg, db);
        Map<String, Object> config = config(pg, db, "psnap_consistent", 3);
        config.put("include_tables", List.of("public.big"));
        try (CdcReader reader = PgTestSupport.reader(config, "psnap", state)) {
            reader.start();
            // Nobody polls yet: the three connections wait in their first ranges' COPYs, the later ranges not begun.
            Await.until("three COPYs started", () -> copies(pg, db).size() == 3);
            pg.execute(db, "INSERT INTO big SELECT g, 'new' FROM generate_series(1000003, 1000012) g",
                    "UPDATE big SET v = 'after' WHERE id % 1000 = 1",
                    "DELETE FROM big WHERE id % 1000 = 2");

            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollUntil(NativeParallelSnapshotTest::endsWithLast, TIMEOUT, true));
            Map<Integer, String> read = new HashMap<>();
            for (ChangeEvent e : snapshot) {
                assertThat(e.op()).isEqualTo(Op.READ);
                assertThat(read.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v")))
                        .as("id %s read once", e.key().get("id")).isNull();
            }
            assertThat(read).isEqualTo(before);

            harness.clear();
            List<ChangeEvent> changes = List.copyOf(harness.pollAtLeast(10 + 60 + 60, TIMEOUT));
            assertThat(changes).hasSize(130);
            assertThat(changes).filteredOn(e -> e.op() == Op.CREATE).extracting(e -> e.key().get("id"))
                    .containsExactlyInAnyOrderElementsOf(range(1000003, 1000012, 1));
            assertThat(changes).filteredOn(e -> e.op() == Op.UPDATE).extracting(e -> e.key().get("id"))
                    .containsExactlyInAnyOrderElementsOf(range(1, 59001, 1000));
            assertThat(changes).filteredOn(e -> e.op() == Op.DELETE).extracting(e -> e.key().get("id"))
                    .containsExactlyInAnyOrderElementsOf(range(2, 59002, 1000));
        }
    }

    @Test
    void snapshotConnectionsTerminatedMidCopyFailThePollAndCloseReturns() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_psnap_failure");
        createTables(pg, db, 50_000);
        CdcReader reader = PgTestSupport.reader(config(pg, db, "psnap_failure", 3), "psnap", state);
        try {
            reader.start();
            // The workers wait with their ranges' COPYs open while nobody polls (their buffers are full); big has
            // more ranges than workers, so whatever the terminated ones had already sent, they have ranges left.
            Await.until("three COPYs started", () -> copies(pg, db).size() == 3);
            pg.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                    + "' AND query LIKE 'COPY%'");
            ReaderHarness harness = new ReaderHarness(reader);
            assertThatThrownBy(() -> harness.pollUntil(NativeParallelSnapshotTest::endsWithLast, TIMEOUT, true))
                    .isInstanceOfAny(SQLException.class, IOException.class)
                    .hasMessageContaining("snapshot COPY failed");
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(60), reader::close);
        }
        Await.until("the snapshot's connections closed", () -> copies(pg, db).isEmpty());
    }

    @Test
    void closeBeforeTheSnapshotEndsStopsTheWorkersAndTheirCopies() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_psnap_close");
        createTables(pg, db, 50_000);
        CdcReader reader = PgTestSupport.reader(config(pg, db, "psnap_close", 2), "psnap", state);
        try {
            reader.start();
            assertThat(reader.poll(Duration.ofSeconds(10))).isNotEmpty();
            Await.until("two COPYs started", () -> copies(pg, db).size() == 2);
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(60), reader::close);
        }
        Await.until("the snapshot's connections closed", () -> copies(pg, db).isEmpty());
    }

    @Test
    void theDebeziumEngineRefusesSnapshotConnections() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, Object> config = PgTestSupport.config(pg, "postgres");
        config.put("snapshot_connections", 2);
        assertThatThrownBy(() -> PgTestSupport.reader(config, "psnap", state)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("snapshot_connections").hasMessageContaining("engine: native");
    }

    /** big: gaps (deleted rows), updated rows, TOASTed values, a column read as text (money); small; two empty tables. */
    private static void createTables(PostgresServer pg, String db, int rows) throws SQLException {
        pg.execute(db, "CREATE TABLE empty_first (id int PRIMARY KEY)",
                "CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL, n numeric, m money, big text)",
                "CREATE TABLE small (id int PRIMARY KEY, s text)",
                "CREATE TABLE empty_last (id int PRIMARY KEY)",
                "INSERT INTO big SELECT g, 'v' || g, g / 7.0, g * 1.25, CASE WHEN g % 500 = 0 THEN"
                        + " (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1, 200) i) END"
                        + " FROM generate_series(1, " + rows + ") g",
                "DELETE FROM big WHERE id % 7 = 0 OR id BETWEEN 10000 AND 12000",
                "UPDATE big SET v = 'updated', n = NULL WHERE id % 11 = 0",
                "INSERT INTO small VALUES (1, 'a'), (2, NULL), (3, 'c')");
    }

    private static Map<String, Object> config(PostgresServer pg, String db, String slot, int connections) {
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("slot_name", slot);
        config.put("publication", slot);
        config.put("include_tables", TABLES);
        config.put("snapshot_connections", connections);
        return config;
    }

    /** The snapshot's events, read to its last. */
    private List<ChangeEvent> snapshot(Map<String, Object> config) throws Exception {
        try (CdcReader reader = PgTestSupport.reader(config, "psnap", state.resolve((String) config.get("slot_name")))) {
            reader.start();
            return List.copyOf(new ReaderHarness(reader).pollUntil(NativeParallelSnapshotTest::endsWithLast, TIMEOUT, true));
        }
    }

    private static boolean endsWithLast(List<ChangeEvent> events) {
        return !events.isEmpty() && "last".equals(marker(events.get(events.size() - 1)));
    }

    private static String marker(ChangeEvent event) {
        return (String) Envelope.source(event.value()).get("snapshot");
    }

    private static List<String> markers(List<ChangeEvent> events) {
        return events.stream().map(NativeParallelSnapshotTest::marker).toList();
    }

    private static List<String> tables(List<ChangeEvent> events) {
        return events.stream().map(e -> e.table().table()).toList();
    }

    /** Each event's after row by table and key; fails on a key met twice. */
    private static Map<Row, Row> byKey(List<ChangeEvent> events) {
        Map<Row, Row> rows = new HashMap<>();
        for (ChangeEvent e : events) {
            assertThat(e.isUnreadable()).isFalse();
            assertThat(rows.put(e.key(), Envelope.after(e.value()))).as("%s %s read once", e.table(), e.key()).isNull();
        }
        return rows;
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i += step) ids.add(i);
        return ids;
    }

    private static long pages(PostgresServer pg, String db, String table) throws SQLException {
        return query(pg, db, "SELECT pg_relation_size('" + table + "') / current_setting('block_size')::int", rs -> rs.getLong(1))
                .get(0);
    }

    private static long count(PostgresServer pg, String db, String table) throws SQLException {
        return query(pg, db, "SELECT count(*) FROM " + table, rs -> rs.getLong(1)).get(0);
    }

    private static List<Integer> ids(PostgresServer pg, String db) throws SQLException {
        return query(pg, db, "SELECT id FROM big", rs -> rs.getInt(1));
    }

    private static Map<Integer, String> values(PostgresServer pg, String db) throws SQLException {
        Map<Integer, String> values = new HashMap<>();
        query(pg, db, "SELECT id, v FROM big", rs -> values.put(rs.getInt(1), rs.getString(2)));
        return values;
    }

    /** The server processes of {@code db} whose last statement is a COPY (the snapshot's connections), by pid. */
    private static List<Integer> copies(PostgresServer pg, String db) {
        return quietly(pg, "SELECT pid FROM pg_stat_activity WHERE datname = '" + db + "' AND query LIKE 'COPY%'"
                + " ORDER BY pid");
    }

    private static List<Integer> quietly(PostgresServer pg, String sql) {
        try {
            return query(pg, "postgres", sql, rs -> rs.getInt(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(PostgresServer pg, String db, String sql, Column<T> column) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(column.read(rs));
        }
        return out;
    }
}
