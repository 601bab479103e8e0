package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * engine: native with {@code stream_in_progress}: transactions beyond the server's
 * {@code logical_decoding_work_mem} (64kB here) are streamed while in progress, spooled, and delivered
 * at their commit as exactly the events the same reader gives without streaming (a second slot read
 * with streaming off, created before the workload, is the oracle: it sees the same WAL).
 */
class NativeStreamInProgressTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MARKER = 999_999;

    @TempDir
    Path stateOn;
    @TempDir
    Path stateOff;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aLargeStreamedTransactionGivesTheEventsOfTheSameTransactionNotStreamed() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_big");
        try (CdcReader on = reader(pg, db, true, stateOn); CdcReader off = reader(pg, db, false, stateOff)) {
            pg.execute(db, "BEGIN; INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;"
                            + " UPDATE t SET v = 'x' WHERE id % 10 = 0; DELETE FROM t WHERE id <= 100; COMMIT",
                    "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            List<ChangeEvent> streamed = untilMarker(on);
            List<ChangeEvent> whole = untilMarker(off);
            assertThat(whole).hasSize(20_000 + 2_000 + 100 + 1);
            assertSameEvents(streamed, whole);
            assertThat(streamedTransactions(pg, "stream_on")).as("the server streamed it").isPositive();
            assertThat(streamedTransactions(pg, "stream_off")).isZero();
            assertThat(spools(stateOn)).as("spool deleted after replay").isEmpty();
        }
    }

    /** {@code transaction_metadata}: a streamed transaction's BEGIN, blocks and END are those of the same transaction not streamed. */
    @Test
    void theTransactionMetadataOfAStreamedTransactionIsThatOfTheSameTransactionNotStreamed() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_txmeta");
        try (CdcReader on = reader(pg, db, true, stateOn, true); CdcReader off = reader(pg, db, false, stateOff, true)) {
            pg.execute(db, "BEGIN; INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g;"
                    + " DELETE FROM t WHERE id <= 10; COMMIT", "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            int expected = 2 + 5000 + 10 + 2 + 1; // BEGIN, changes, END; BEGIN, marker, END
            List<ChangeEvent> streamed = new ReaderHarness(on).pollUntil(e -> e.size() >= expected, TIMEOUT, true);
            List<ChangeEvent> whole = new ReaderHarness(off).pollUntil(e -> e.size() >= expected, TIMEOUT, true);
            assertThat(streamedTransactions(pg, "stream_on")).as("the server streamed it").isPositive();
            assertThat(streamed).hasSize(expected).hasSameSizeAs(whole);
            assertThat(whole.get(expected - 4).value().get("event_count")).isEqualTo(5010L);
            for (int i = 0; i < expected; i++) {
                ChangeEvent a = streamed.get(i);
                ChangeEvent e = whole.get(i);
                assertThat(a.op()).as("event %d", i).isEqualTo(e.op());
                assertThat(a.key()).as("event %d key", i).isEqualTo(e.key());
                if (e.op() == Op.TRANSACTION) {
                    assertThat(a.value()).as("event %d", i).isEqualTo(e.value());
                } else {
                    assertThat(a.value().get(Envelope.TRANSACTION)).as("event %d block", i).isEqualTo(e.value().get(Envelope.TRANSACTION));
                }
            }
        }
    }

    @Test
    void rolledBackSubtransactionsAndTransactionsGiveNoEvents() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_abort");
        try (CdcReader on = reader(pg, db, true, stateOn); CdcReader off = reader(pg, db, false, stateOff)) {
            pg.execute(db, "BEGIN; INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g;"
                            + " SAVEPOINT s1; INSERT INTO t SELECT g, md5(g::text) FROM generate_series(5001, 10000) g;"
                            + " ROLLBACK TO s1;"
                            + " INSERT INTO t SELECT g, md5(g::text) FROM generate_series(10001, 15000) g;"
                            + " SAVEPOINT a; INSERT INTO t SELECT g, 'a' FROM generate_series(15001, 18000) g;"
                            + " SAVEPOINT b; INSERT INTO t SELECT g, 'b' FROM generate_series(18001, 21000) g; RELEASE b;"
                            + " INSERT INTO t SELECT g, 'a2' FROM generate_series(21001, 24000) g; ROLLBACK TO a;"
                            + " SAVEPOINT c; INSERT INTO t SELECT g, 'c' FROM generate_series(24001, 27000) g; RELEASE c;"
                            + " COMMIT",
                    "BEGIN; INSERT INTO t SELECT g, md5(g::text) FROM generate_series(30001, 40000) g; ROLLBACK",
                    "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            List<ChangeEvent> streamed = untilMarker(on);
            List<ChangeEvent> whole = untilMarker(off);
            List<Integer> expected = new ArrayList<>();
            IntStream.rangeClosed(1, 5000).forEach(expected::add);
            IntStream.rangeClosed(10001, 15000).forEach(expected::add);
            IntStream.rangeClosed(24001, 27000).forEach(expected::add);
            expected.add(MARKER);
            assertThat(streamed).extracting(e -> (Integer) e.key().get("id")).containsExactlyElementsOf(expected);
            assertSameEvents(streamed, whole);
            // Both transactions were streamed before their (sub)transactions rolled back.
            assertThat(streamedTransactions(pg, "stream_on")).isGreaterThanOrEqualTo(2);
            assertThat(spools(stateOn)).isEmpty();
        }
    }

    @Test
    void interleavedStreamedTransactionsAndSmallOnesBetweenThemKeepTheCommitOrder() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_mix");
        try (CdcReader on = reader(pg, db, true, stateOn); CdcReader off = reader(pg, db, false, stateOff);
             Connection first = pg.connect(db); Connection second = pg.connect(db)) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (Statement a = first.createStatement(); Statement b = second.createStatement()) {
                for (int round = 0; round < 4; round++) {
                    int base = round * 5000;
                    a.execute("INSERT INTO t SELECT g, 'first' FROM generate_series(" + (base + 1) + ", " + (base + 5000) + ") g");
                    b.execute("INSERT INTO t SELECT g, 'second' FROM generate_series(" + (100_000 + base + 1) + ", "
                            + (100_000 + base + 5000) + ") g");
                    pg.execute(db, "INSERT INTO t VALUES (" + (200_000 + round) + ", 'small')");
                }
                second.commit();
                pg.execute(db, "INSERT INTO t VALUES (200100, 'between the commits')");
                a.execute("UPDATE t SET v = 'first, updated' WHERE id <= 100");
                first.commit();
            }
            pg.execute(db, "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            List<ChangeEvent> streamed = untilMarker(on);
            List<ChangeEvent> whole = untilMarker(off);
            assertThat(whole).hasSize(4 + 20_000 + 1 + 20_000 + 100 + 1);
            assertSameEvents(streamed, whole);
            assertThat(streamedTransactions(pg, "stream_on")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRestartWhileATransactionIsStreamedDeliversEachOfItsRowsOnceAfterItsCommit() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_restart");
        try (Connection open = pg.connect(db)) {
            open.setAutoCommit(false);
            try (CdcReader on = reader(pg, db, true, stateOn)) {
                try (Statement st = open.createStatement()) {
                    st.execute("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
                }
                // Polling while the transaction is streamed: nothing of it is delivered, its changes are spooled.
                Await.until("the open transaction streamed and spooled", () -> {
                    try {
                        assertThat(on.poll(Duration.ofMillis(100))).isEmpty();
                        return streamedTransactions(pg, "stream_on") > 0 && !spools(stateOn).isEmpty();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            assertThat(spools(stateOn)).as("spools deleted on close").isEmpty();
            try (CdcReader on = reader(pg, db, true, stateOn)) {
                open.commit();
                pg.execute(db, "INSERT INTO t VALUES (" + MARKER + ", 'end')");
                List<ChangeEvent> events = untilMarker(on);
                List<Integer> expected = new ArrayList<>();
                IntStream.rangeClosed(1, 20000).forEach(expected::add);
                expected.add(MARKER);
                assertThat(events).extracting(e -> (Integer) e.key().get("id")).containsExactlyElementsOf(expected);
                assertThat(Envelope.after(events.get(0).value()).get("v")).isEqualTo(md5("1"));
            }
        }
    }

    /**
     * Delivering a spooled transaction takes many polls in which the stream is not read; the server must not end
     * the connection meanwhile (wal_sender_timeout 2 s here, delivery ~10 s, the keep-alive idle because polls
     * come every 50 ms). Oracle: the slot's walsender process is the same after the delivery.
     */
    @Test
    void aLongDeliveryOfASpooledTransactionKeepsTheConnection() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_replay");
        pg.execute(db, "ALTER DATABASE " + db + " SET wal_sender_timeout = '2s'");
        Map<String, Object> config = streamingConfig(pg, db, "stream_replay");
        try (CdcReader reader = PgTestSupport.reader(config, "stream", stateOn)) {
            reader.start();
            pg.execute(db, "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g",
                    "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            int walsender = PgTestSupport.walsenderPid(pg, db, "stream_replay");
            List<Integer> ids = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!ids.contains(MARKER) && System.nanoTime() < deadline) {
                List<ChangeEvent> batch = reader.poll(Duration.ofMillis(100));
                batch.forEach(e -> ids.add((Integer) e.key().get("id")));
                if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
                Thread.sleep(50); // a busy pipeline: polls keep coming, just slowly
            }
            assertThat(streamedTransactions(pg, "stream_replay")).as("the server streamed it").isPositive();
            List<Integer> expected = new ArrayList<>();
            IntStream.rangeClosed(1, 20000).forEach(expected::add);
            expected.add(MARKER);
            assertThat(ids).containsExactlyElementsOf(expected);
            assertThat(PgTestSupport.walsenderPid(pg, db, "stream_replay")).as("the same walsender").isEqualTo(walsender);
        }
    }


    /**
     * The server ends the connection while a spooled transaction is being delivered: the reader connects again,
     * the server streams the transaction again (it is after the confirmed LSN), and delivery goes on after the
     * last row delivered — each row once, in order (NativeReconnectTest has the plain case).
     */
    @Test
    void aConnectionLostDuringTheDeliveryOfASpooledTransactionResumesAfterTheLastDeliveredRow() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = database(pg, "pg_native_stream_reconnect");
        Map<String, Object> config = streamingConfig(pg, db, "stream_reconnect");
        try (CdcReader reader = PgTestSupport.reader(config, "stream", stateOn)) {
            reader.start();
            pg.execute(db, "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g",
                    "INSERT INTO t VALUES (" + MARKER + ", 'end')");
            List<Integer> ids = new ArrayList<>();
            int walsender = PgTestSupport.walsenderPid(pg, db, "stream_reconnect");
            boolean terminated = false;
            int retries = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!ids.contains(MARKER) && System.nanoTime() < deadline) {
                if (!terminated && ids.size() >= 500) {
                    pg.execute(db, "SELECT pg_terminate_backend(" + walsender + ")");
                    terminated = true;
                }
                try {
                    List<ChangeEvent> batch = reader.poll(Duration.ofMillis(100));
                    batch.forEach(e -> ids.add((Integer) e.key().get("id")));
                    if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
                } catch (RetryableException e) {
                    retries++;
                    Thread.sleep(100);
                }
            }
            assertThat(streamedTransactions(pg, "stream_reconnect")).as("the server streamed it").isPositive();
            assertThat(retries).as("the lost connection was noticed").isPositive();
            List<Integer> expected = new ArrayList<>();
            IntStream.rangeClosed(1, 20000).forEach(expected::add);
            expected.add(MARKER);
            assertThat(ids).containsExactlyElementsOf(expected);
        }
    }


    @Test
    void theDebeziumEngineRefusesStreamInProgress() throws Exception {
        Map<String, Object> config = PgTestSupport.config(PostgresServer.shared(), "postgres");
        config.put("stream_in_progress", true);
        assertThatThrownBy(() -> PgTestSupport.reader(config, "stream_debezium", stateOn))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("stream_in_progress").hasMessageContaining("engine: native");
    }

    private String database(PostgresServer pg, String name) throws Exception {
        String db = databases.create(name);
        pg.execute(db, "ALTER DATABASE " + db + " SET logical_decoding_work_mem = '64kB'",
                "CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)");
        return db;
    }

    /** A streaming reader's config on slot {@code slot}, without snapshot or heartbeats, 100 events per poll at most. */
    private static Map<String, Object> streamingConfig(PostgresServer pg, String db, String slot) {
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "native");
        config.put("snapshot_mode", "never");
        config.put("heartbeat_interval_ms", 0);
        config.put("slot_name", slot);
        config.put("stream_in_progress", true);
        config.put("max_batch_size", 100);
        return config;
    }

    /** A started reader on its own slot (created now, before the workload), without snapshot or heartbeats. */
    private static CdcReader reader(PostgresServer pg, String db, boolean streaming, Path state) throws Exception {
        return reader(pg, db, streaming, state, false);
    }

    /** As {@link #reader(PostgresServer, String, boolean, Path)}, with or without {@code transaction_metadata}. */
    private static CdcReader reader(PostgresServer pg, String db, boolean streaming, Path state, boolean transactionMetadata)
            throws Exception {
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("transaction_metadata", transactionMetadata);
        config.put("engine", "native");
        config.put("snapshot_mode", "never");
        config.put("heartbeat_interval_ms", 0);
        config.put("slot_name", streaming ? "stream_on" : "stream_off");
        config.put("stream_in_progress", streaming);
        // One source name for both: it names the schemas and the source block's name.
        CdcReader reader = PgTestSupport.reader(config, "stream", state);
        try {
            reader.start();
        } catch (Exception e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /** Everything up to the marker row, committed last: all the workload's events, and nothing twice. */
    private static List<ChangeEvent> untilMarker(CdcReader reader) throws Exception {
        return new ArrayList<>(new ReaderHarness(reader).pollUntil(events -> !events.isEmpty()
                && Integer.valueOf(MARKER).equals(events.get(events.size() - 1).key().get("id")), TIMEOUT, true));
    }

    private static void assertSameEvents(List<ChangeEvent> streamed, List<ChangeEvent> whole) {
        assertThat(streamed).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            ChangeEvent e = whole.get(i);
            ChangeEvent a = streamed.get(i);
            String at = "event " + i + " (" + e.op() + " " + e.key() + ")";
            assertThat(a.topic()).as(at).isEqualTo(e.topic());
            assertThat(a.op()).as(at).isEqualTo(e.op());
            assertThat(a.key()).as(at).isEqualTo(e.key());
            assertThat(a.position()).as(at + " position").isEqualTo(e.position());
            assertThat(a.transaction()).as(at).isEqualTo(e.transaction());
            assertThat(a.sourceTimestamp()).as(at).isEqualTo(e.sourceTimestamp());
            assertThat(a.value().schema()).as(at).isEqualTo(e.value().schema());
            assertThat(Envelope.before(a.value())).as(at + " before").isEqualTo(Envelope.before(e.value()));
            assertThat(Envelope.after(a.value())).as(at + " after").isEqualTo(Envelope.after(e.value()));
            assertThat(Envelope.source(a.value())).as(at + " source").isEqualTo(Envelope.source(e.value()));
        }
    }

    /** Transactions the slot streamed in progress (pg_stat_replication_slots, PostgreSQL 14+). */
    private static long streamedTransactions(PostgresServer pg, String slot) {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> spools(Path state) throws Exception {
        Path dir = state.resolve("native-streamed-transactions");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String md5(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }
}
