package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database whose sessions default to short timeouts ({@code ALTER DATABASE … SET statement_timeout = '1s'} and
 * the like, common on application databases) and a snapshot that lasts longer than them, because the sink takes its
 * time. Before: the native engine's COPY was cancelled by {@code statement_timeout}, its connections waiting for their
 * next table were ended by {@code idle_in_transaction_session_timeout} and its snapshot transaction by PostgreSQL
 * 17's {@code transaction_timeout} — the snapshot failed, and failed again at every start; the Debezium engine's
 * snapshot ended by {@code transaction_timeout}, or by {@code idle_in_transaction_session_timeout} while the sink held
 * it back, was retried for ever, its first rows sent again each time. Now the snapshot delivers every row once, then
 * streams. The oracle is the table: ids 1..N, each once.
 */
class PostgresSnapshotSessionTimeoutsTest {

    private static final int ROWS_PER_TABLE = 150_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** After this many events the test stops polling for {@link #HOLD}, over the 1 s timeouts. */
    private static final long HOLD_AFTER = 50_000;
    private static final Duration HOLD = Duration.ofMillis(3_000);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @ParameterizedTest(name = "{0}, snapshot_connections {1}")
    @CsvSource({"native, 1", "native, 2", "debezium, 1"})
    void aSnapshotLongerThanTheSessionTimeoutsDeliversEveryRowOnce(String engine, int connections) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snapshot_timeouts_" + engine + connections);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE u (id int PRIMARY KEY, v text)",
                "INSERT INTO t SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, " + ROWS_PER_TABLE + ") g",
                "INSERT INTO u SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, " + ROWS_PER_TABLE + ") g");
        for (String timeout : timeouts(pg, db)) pg.execute(db, "ALTER DATABASE " + db + " SET " + timeout + " = '1s'");

        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("slot_name", db);
        if (connections > 1) config.put("snapshot_connections", connections);
        Set<String> seen = new HashSet<>();
        long events = 0;
        try (CdcReader reader = PgTestSupport.reader(config, db, state)) {
            reader.start();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (events < 2L * ROWS_PER_TABLE && System.nanoTime() < deadline) {
                List<ChangeEvent> polled = reader.poll(Duration.ofMillis(200));
                for (ChangeEvent e : polled) {
                    assertThat(e.op()).isEqualTo(Op.READ);
                    seen.add(e.table().table() + ":" + e.key().get("id"));
                }
                long before = events;
                events += polled.size();
                if (!polled.isEmpty()) reader.commit(polled.get(polled.size() - 1).position());
                Thread.sleep(30); // a sink slower than the COPY: the snapshot lasts seconds
                // Once, a sink that holds everything back longer than the timeouts (a broker away for a moment): the
                // snapshot's connections wait idle in their transaction meanwhile.
                if (before < HOLD_AFTER && events >= HOLD_AFTER) Thread.sleep(HOLD.toMillis());
            }
            assertThat(events).as("snapshot events").isEqualTo(2L * ROWS_PER_TABLE);
            assertThat(seen).as("distinct rows").hasSize(2 * ROWS_PER_TABLE);

            pg.execute(db, "INSERT INTO t VALUES (0, 'after the snapshot')");
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .containsExactly(0);
        }
    }

    /** The session timeouts the server knows: transaction_timeout came with PostgreSQL 17. */
    private static List<String> timeouts(PostgresServer pg, String db) throws Exception {
        try (Connection c = pg.connect(db)) {
            return c.getMetaData().getDatabaseMajorVersion() >= 17
                    ? List.of("statement_timeout", "idle_in_transaction_session_timeout", "transaction_timeout")
                    : List.of("statement_timeout", "idle_in_transaction_session_timeout");
        }
    }
}
