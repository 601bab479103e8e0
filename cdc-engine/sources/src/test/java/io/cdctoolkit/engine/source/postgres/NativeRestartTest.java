package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** engine: native resumes exactly after the last committed change, inside a transaction too. */
class NativeRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aRestartResumesRightAfterTheCommittedChangeOfAPartlyCommittedTransaction() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_restart");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snap'), (2, 'snap')");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("offset_flush_interval_ms", 0); // every commit saved and confirmed before commit returns
        try (CdcReader reader = PgTestSupport.reader(config, "restart", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(2, TIMEOUT)).extracting(ChangeEvent::op).containsOnly(Op.READ);
            harness.clear();
            pg.execute(db, "BEGIN; INSERT INTO t VALUES (10, 'a'), (11, 'b'), (12, 'c'), (13, 'd'); COMMIT",
                    "INSERT INTO t VALUES (20, 'e')");
            List<ChangeEvent> events = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (events.size() < 5 && System.nanoTime() < deadline) events.addAll(reader.poll(Duration.ofMillis(200)));
            assertThat(events).extracting(e -> e.key().get("id")).containsExactly(10, 11, 12, 13, 20);
            reader.commit(events.get(1).position()); // half of the transaction: 10 and 11
        }
        try (CdcReader reader = PgTestSupport.reader(config, "restart", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> resumed = harness.pollAtLeast(3, TIMEOUT);
            assertThat(resumed).extracting(e -> e.key().get("id")).containsExactly(12, 13, 20);
            assertThat(resumed).extracting(ChangeEvent::op).containsOnly(Op.CREATE);
            assertThat(Envelope.after(resumed.get(0).value()).get("v")).isEqualTo("c");
        }
        // Everything is committed now: the slot confirmed the end of the last transaction, and a new reader
        // starts after it.
        try (CdcReader reader = PgTestSupport.reader(config, "restart", state)) {
            reader.start();
            pg.execute(db, "INSERT INTO t VALUES (30, 'f')");
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> last = harness.pollAtLeast(1, TIMEOUT);
            assertThat(last).extracting(e -> e.key().get("id")).containsExactly(30);
            long lsn = (Long) Envelope.source(last.get(0).value()).get("lsn");
            // The server applies the status update when it reads it: wait for that, bounded.
            io.cdctoolkit.engine.testing.Await.until("confirmed_flush_lsn past the committed change at " + lsn,
                    () -> confirmedFlushLsn(pg, db) > lsn);
        }
    }

    /**
     * Message events ({@code message_prefixes}) resume as row changes do: a transactional message counts in its
     * transaction's place, a committed non-transactional one is not emitted again.
     */
    @Test
    void aRestartResumesAfterTheCommittedMessageEvents() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, Object> config = savingEachCommit("pg_native_restart_msg", "message_prefixes", List.of("m*"),
                "CREATE TABLE t (id int PRIMARY KEY)");
        String db = (String) config.get("database");
        try (CdcReader reader = startedIdle(config, "restart_msg")) {
            pg.execute(db, "SELECT pg_logical_emit_message(false, 'm0', 'alone')",
                    "BEGIN; INSERT INTO t VALUES (1); SELECT pg_logical_emit_message(true, 'm1', 'in');"
                            + " SELECT pg_logical_emit_message(true, 'x', 'unlisted'); INSERT INTO t VALUES (2); COMMIT",
                    "SELECT pg_logical_emit_message(false, 'm2', 'alone again')");
            List<ChangeEvent> events = pollWithoutCommitting(reader, 5);
            assertThat(events).extracting(NativeRestartTest::describe)
                    .containsExactly("m m0", "c 1", "m m1", "c 2", "m m2");
            reader.commit(events.get(2).position()); // up to the transactional message
        }
        try (CdcReader reader = PgTestSupport.reader(config, "restart_msg", state)) {
            reader.start();
            List<ChangeEvent> resumed = pollWithoutCommitting(reader, 2);
            assertThat(resumed).extracting(NativeRestartTest::describe).containsExactly("c 2", "m m2");
            assertThat(reader.poll(Duration.ofMillis(500))).isEmpty();
            reader.commit(resumed.get(1).position()); // the non-transactional message, last of all
        }
        try (CdcReader reader = PgTestSupport.reader(config, "restart_msg", state)) {
            reader.start();
            assertThat(reader.poll(Duration.ofSeconds(1))).as("everything was committed").isEmpty();
            pg.execute(db, "SELECT pg_logical_emit_message(false, 'm3', 'new')");
            assertThat(pollWithoutCommitting(reader, 1)).extracting(NativeRestartTest::describe).containsExactly("m m3");
        }
    }

    /**
     * A restart inside a transaction holding a message, with {@code message_prefixes} taken out of the config in
     * between: the changes are numbered the same (messages count whether they are events or not), so the change
     * after the committed one arrives, once.
     */
    @Test
    void aRestartAfterMessagePrefixesWereTakenOutLosesNoChangeOfAPartlyCommittedTransaction() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, Object> config = savingEachCommit("pg_native_restart_msgcfg", "message_prefixes", List.of("m"),
                "CREATE TABLE t (id int PRIMARY KEY)");
        String db = (String) config.get("database");
        try (CdcReader reader = startedIdle(config, "restart_msgcfg")) {
            pg.execute(db, "BEGIN; INSERT INTO t VALUES (1); SELECT pg_logical_emit_message(true, 'm', 'x');"
                    + " INSERT INTO t VALUES (2); INSERT INTO t VALUES (3); COMMIT");
            List<ChangeEvent> events = pollWithoutCommitting(reader, 4);
            assertThat(events).extracting(NativeRestartTest::describe).containsExactly("c 1", "m m", "c 2", "c 3");
            reader.commit(events.get(2).position()); // up to 2
        }
        config.remove("message_prefixes");
        try (CdcReader reader = PgTestSupport.reader(config, "restart_msgcfg", state)) {
            reader.start();
            assertThat(pollWithoutCommitting(reader, 1)).extracting(NativeRestartTest::describe).containsExactly("c 3");
        }
    }

    /**
     * {@code transaction_metadata} across a restart inside a transaction: the committed BEGIN and changes are not
     * emitted again, the rest keep their blocks' counts (the skipped changes are counted), the END counts them all.
     */
    @Test
    void aRestartInsideATransactionKeepsItsMetadataCounts() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, Object> config = savingEachCommit("pg_native_restart_txmeta", "transaction_metadata", true,
                "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE u (id int PRIMARY KEY)");
        String db = (String) config.get("database");
        List<String> first;
        Object blockBefore;
        try (CdcReader reader = startedIdle(config, "restart_txmeta")) {
            pg.execute(db, "BEGIN; INSERT INTO t VALUES (1); INSERT INTO u VALUES (1); INSERT INTO t VALUES (2); COMMIT");
            List<ChangeEvent> events = pollWithoutCommitting(reader, 5);
            first = events.stream().map(NativeRestartTest::withMetadata).toList();
            assertThat(first).containsExactly("BEGIN", "c 1 #1 t#1", "c 1 #2 u#1", "c 2 #3 t#2", "END 3 {public.t=2, public.u=1}");
            blockBefore = events.get(3).value().get(Envelope.TRANSACTION);
            reader.commit(events.get(2).position()); // BEGIN, t 1 and u 1
        }
        try (CdcReader reader = PgTestSupport.reader(config, "restart_txmeta", state)) {
            reader.start();
            List<ChangeEvent> resumed = pollWithoutCommitting(reader, 2);
            assertThat(resumed).extracting(NativeRestartTest::withMetadata).containsExactlyElementsOf(first.subList(3, 5));
            assertThat(resumed.get(0).value().get(Envelope.TRANSACTION)).as("the same block, id too, as before the restart")
                    .isEqualTo(blockBefore);
        }
    }

    /** An event as its op and key, its transaction block's orders, or a BEGIN / END with its counts. */
    private static String withMetadata(ChangeEvent e) {
        if (e.op() == Op.TRANSACTION) {
            if ("BEGIN".equals(e.value().get("status"))) return "BEGIN";
            java.util.TreeMap<String, Object> counts = new java.util.TreeMap<>();
            for (Object c : (List<?>) e.value().get("data_collections")) {
                counts.put((String) ((Row) c).get("data_collection"), ((Row) c).get("event_count"));
            }
            return "END " + e.value().get("event_count") + " " + counts;
        }
        Row block = (Row) e.value().get(Envelope.TRANSACTION);
        return e.op().code() + " " + e.key().get("id") + " #" + block.get("total_order") + " " + e.table().table() + "#"
                + block.get("data_collection_order");
    }

    /**
     * A new database with {@code ddl} run and a native reader's config for it that saves and confirms every commit
     * at once, with {@code option} set to {@code value}.
     */
    private Map<String, Object> savingEachCommit(String name, String option, Object value, String... ddl) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create(name);
        pg.execute(db, ddl);
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("offset_flush_interval_ms", 0);
        config.put(option, value);
        return config;
    }

    /** A started reader that has read nothing yet: its slot exists, what is written from now on is streamed. */
    private CdcReader startedIdle(Map<String, Object> config, String name) throws Exception {
        CdcReader reader = PgTestSupport.reader(config, name, state);
        try {
            reader.start();
            assertThat(reader.poll(Duration.ofMillis(500))).isEmpty();
            return reader;
        } catch (Exception | AssertionError e) {
            reader.close();
            throw e;
        }
    }

    private static List<ChangeEvent> pollWithoutCommitting(CdcReader reader, int count) throws Exception {
        List<ChangeEvent> events = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) events.addAll(reader.poll(Duration.ofMillis(200)));
        return events;
    }

    private static String describe(ChangeEvent e) {
        return e.op().code() + " " + (e.op() == Op.MESSAGE ? e.key().get("prefix") : e.key().get("id"));
    }

    @Test
    void aRestartDuringTheSnapshotReadsTheWholeSnapshotAgainThenStreams() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_restart_snap");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 5)");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("max_batch_size", 2);
        try (CdcReader reader = PgTestSupport.reader(config, "restart_snap", state)) {
            reader.start();
            List<ChangeEvent> first = reader.poll(Duration.ofSeconds(5));
            assertThat(first).hasSize(2);
            reader.commit(first.get(0).position());
        }
        pg.execute(db, "INSERT INTO t VALUES (6)"); // after the first slot's snapshot: must arrive once
        try (CdcReader reader = PgTestSupport.reader(config, "restart_snap", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollAtLeast(6, TIMEOUT);
            assertThat(events).extracting(e -> e.key().get("id")).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
            assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.READ);
            pg.execute(db, "INSERT INTO t VALUES (7)");
            harness.clear();
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id")).containsExactly(7);
        }
    }

    /** A crash right after a long snapshot must not take it again: its completion is saved when committed, whatever the interval. */
    @Test
    void theCommitOfTheLastSnapshotRowIsSavedAtOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_restart_snapdone");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 3)");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("offset_flush_interval_ms", 3_600_000); // no save by the interval in this test
        try (CdcReader reader = PgTestSupport.reader(config, "restart_snapdone", state)) {
            reader.start();
            List<ChangeEvent> rows = reader.poll(Duration.ofSeconds(5));
            assertThat(rows).hasSize(3);
            reader.commit(rows.get(2).position());
            java.util.Properties saved = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(state.resolve("native-offsets.properties"))) {
                saved.load(in);
            }
            assertThat(saved.getProperty("snapshot_completed")).isEqualTo("true");
        }
    }

    /** With an interval, streamed commits reach the offsets file within it, written off the caller's thread. */
    @Test
    void streamedCommitsAreSavedWithinTheFlushInterval() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_restart_interval");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("offset_flush_interval_ms", 200);
        try (CdcReader reader = PgTestSupport.reader(config, "restart_interval", state)) {
            reader.start();
            pg.execute(db, "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)");
            List<ChangeEvent> events = new ReaderHarness(reader).pollAtLeast(2, TIMEOUT);
            long lsn = (Long) Envelope.source(events.get(1).value()).get("lsn");
            // The runtime keeps polling while idle: the save is handed over at the first poll after the interval.
            io.cdctoolkit.engine.testing.Await.until("the offsets file holds the second insert's transaction", () -> {
                try {
                    reader.poll(Duration.ofMillis(50));
                    java.util.Properties saved = new java.util.Properties();
                    try (var in = java.nio.file.Files.newBufferedReader(state.resolve("native-offsets.properties"))) {
                        saved.load(in);
                    }
                    return Long.parseUnsignedLong(saved.getProperty("commit_lsn", "0")) >= lsn
                            && "true".equals(saved.getProperty("snapshot_completed"));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void anEmptySnapshotIsCompleteAtOnceSoARestartStreamsWithoutSnapshottingAgain() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_restart_empty");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        try (CdcReader reader = PgTestSupport.reader(config, "restart_empty", state)) {
            reader.start();
            assertThat(reader.poll(Duration.ofMillis(500))).isEmpty();
        }
        pg.execute(db, "INSERT INTO t VALUES (1)"); // after the snapshot: a change to stream, not a row to snapshot
        try (CdcReader reader = PgTestSupport.reader(config, "restart_empty", state)) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
        }
    }

    private static long confirmedFlushLsn(PostgresServer pg, String db) {
        try (var c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint"
                     + " FROM pg_replication_slots WHERE slot_name = 'parity_native'")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
