package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cdc-toolkit backfill} of a running {@code engine: native} source: the rows come between the stream's
 * transactions while a writer keeps changing the backfilled table and another one, instead of the stream pausing for
 * all of them. The oracle is the table itself: a consumer applying the events from the request on — to nothing, as a
 * new consumer of the backfill would — holds exactly what the server holds, and no key goes back to an older state.
 */
class NativeLiveBackfillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int ROWS = 20_000;

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    /**
     * The rows of t come between transactions of t and u that the writer commits while they are read; a row whose key
     * the stream changed after the request is left out (its change holds the state), every other row comes once with
     * the value it had at the request; per key nothing older follows anything newer; the events give the table. Once
     * committed, the backfill is not read again.
     */
    @Test
    void aBackfillOfARunningSourceComesBetweenTheStreamsTransactionsAndNoKeyGoesBack() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_live_interleaved");
        Map<String, Object> config = tablesAndConfig(pg, db, "t (id int PRIMARY KEY, v text)");
        Map<Integer, String> atRequest = table(pg, db, "t");
        try (CdcReader reader = PgTestSupport.reader(config, "interleaved", state);
             LogCapture log = LogCapture.atLeast(Level.INFO, NativePostgresReader.class)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(ROWS, TIMEOUT); // the snapshot, committed
            harness.clear();
            List<ChangeEvent> events;
            try (Writer writer = requestThenWrite(pg, db, config, "interleaved", harness)) {
                // Done when each row of the request has come, or a change of its key.
                events = harness.pollUntil(covered(atRequest.keySet()), TIMEOUT, false);
            }
            events = awaitSentinel(pg, db, harness);

            int firstRow = firstIndex(events, e -> e.op() == Op.READ);
            int lastRow = lastIndex(events, e -> e.op() == Op.READ);
            assertThat(events.subList(firstRow, lastRow)).as("streamed events between the first row and the last")
                    .anyMatch(e -> e.op() != Op.READ);
            // The stream's turn reads what it holds, not one transaction per turn (it then fell seconds behind): with
            // the writer committing thousands a second, most turns hold several.
            List<Integer> turns = transactionsPerStreamTurn(events.subList(firstRow, lastRow));
            assertThat(turns.stream().filter(n -> n > 1).count()).as("turns of several transactions among %s", turns)
                    .isGreaterThan(turns.size() / 2);
            // No key goes back: a row never follows a change of its key (every change here came after the request).
            Set<Object> changed = new HashSet<>();
            for (ChangeEvent e : events) {
                if (!e.table().table().equals("t")) continue;
                Object id = e.key().get("id");
                if (e.op() == Op.READ) {
                    assertThat(changed).as("row %s after a change of its key", id).doesNotContain(id);
                    assertThat(Envelope.after(e.value()).get("v")).as("row %s", id).isEqualTo(atRequest.get(id));
                } else {
                    changed.add(id);
                }
            }
            Map<Integer, Long> rows = new HashMap<>();
            events.stream().filter(e -> e.op() == Op.READ)
                    .forEach(e -> rows.merge((Integer) e.key().get("id"), 1L, Long::sum));
            assertThat(rows.values()).as("rows read twice").containsOnly(1L);
            Set<Integer> leftOut = new HashSet<>(atRequest.keySet());
            leftOut.removeAll(rows.keySet());
            assertThat(changed).as("rows left out are of keys the stream changed").containsAll(leftOut);
            assertThat(leftOut).as("the writer changed keys while the rows were read").isNotEmpty();
            // A consumer of the backfill alone (nothing before it) holds the table.
            assertThat(applied(events, "t")).containsExactlyEntriesOf(table(pg, db, "t"));
            // The rows at the backfill's point (the writer ran before it), less those left out, are the rows delivered.
            java.util.regex.Pattern counts = java.util.regex.Pattern.compile(
                    "backfill read (\\d+) rows; left out (\\d+) whose key the stream changed meanwhile");
            assertThat(log.messages()).anySatisfy(m -> {
                java.util.regex.Matcher found = counts.matcher(m);
                assertThat(found.find()).isTrue();
                assertThat(Long.parseLong(found.group(1)) - Long.parseLong(found.group(2))).isEqualTo(rows.size());
            });
            reader.commit(events.get(events.size() - 1).position());
        }
        try (CdcReader reader = PgTestSupport.reader(config, "interleaved", state)) {
            reader.start();
            assertNextIsOnly(pg, db, new ReaderHarness(reader), -2);
        }
    }

    /**
     * A stop in the middle of the rows after committing one of them: the streamed events delivered before that row are
     * committed with it (not delivered again), the rest come again; the rows, not all committed, are read again by the
     * next start (as the table holds them then), before the stream goes on.
     */
    @Test
    void committingARowCommitsTheStreamedEventsBeforeItAndAStopReadsTheRowsAgainAtTheNextStart() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_live_interleaved_stop");
        Map<String, Object> config = tablesAndConfig(pg, db, "t (id int PRIMARY KEY, v text)");
        List<String> afterCommitted;
        try (CdcReader reader = PgTestSupport.reader(config, "stopped", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(ROWS, TIMEOUT);
            harness.clear();
            List<ChangeEvent> events;
            try (Writer writer = requestThenWrite(pg, db, config, "stopped", harness)) {
                // A row with streamed events before it (after the first row), and streamed events after it.
                long[] rowsAndStreamedAfterTheFirst = new long[2];
                events = harness.pollUntil(eachOnce(e -> {
                    if (e.op() == Op.READ) {
                        rowsAndStreamedAfterTheFirst[0]++;
                    } else if (rowsAndStreamedAfterTheFirst[0] > 0) {
                        rowsAndStreamedAfterTheFirst[1]++;
                    }
                }, e -> rowsAndStreamedAfterTheFirst[1] >= 5 && e.get(e.size() - 1).op() == Op.READ
                        && rowsAndStreamedAfterTheFirst[0] < ROWS / 2), TIMEOUT, false);
            }
            ChangeEvent committed = events.get(events.size() - 1);
            reader.commit(committed.position());
            afterCommitted = new ArrayList<>();
            events = awaitSentinel(pg, db, harness);
            for (ChangeEvent e : events.subList(events.indexOf(committed) + 1, events.size())) {
                if (e.op() != Op.READ) afterCommitted.add(describe(e));
            }
        }
        Map<Integer, String> now = table(pg, db, "t");
        try (CdcReader reader = PgTestSupport.reader(config, "stopped", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> e.size() >= now.size() + afterCommitted.size(), TIMEOUT,
                    false);
            assertThat(events.subList(0, now.size())).extracting(ChangeEvent::op).containsOnly(Op.READ);
            Map<Integer, String> read = new TreeMap<>();
            for (ChangeEvent e : events.subList(0, now.size())) {
                read.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v"));
            }
            assertThat(read).containsExactlyEntriesOf(now);
            assertThat(events.subList(now.size(), events.size())).extracting(NativeLiveBackfillTest::describe)
                    .containsExactlyElementsOf(afterCommitted);
            reader.commit(events.get(events.size() - 1).position());
            assertNextIsOnly(pg, db, harness, -3);
        }
    }

    /**
     * A table without a key cannot have its rows matched with its changes: the stream pauses while its rows are read
     * (they come one after the other, no streamed event between them), and the log says why.
     */
    @Test
    void aTableWithoutAKeyPausesTheStreamForItsRowsAndTheLogSaysWhy() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_live_paused");
        Map<String, Object> config = tablesAndConfig(pg, db, "t (id int, v text)");
        pg.execute(db, "ALTER TABLE t REPLICA IDENTITY FULL");
        try (CdcReader reader = PgTestSupport.reader(config, "paused", state);
             LogCapture log = LogCapture.atLeast(Level.INFO, NativePostgresReader.class)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(ROWS, TIMEOUT);
            harness.clear();
            requestAndAwaitTaken(config, "paused", harness);
            List<ChangeEvent> events;
            try (Writer writer = Writer.start(pg, db)) {
                long[] rows = new long[1];
                events = harness.pollUntil(eachOnce(e -> {
                    if (e.op() == Op.READ) rows[0]++;
                }, e -> rows[0] >= ROWS), TIMEOUT, false);
            }
            int firstRow = firstIndex(events, e -> e.op() == Op.READ);
            assertThat(events.subList(firstRow, firstRow + ROWS)).extracting(ChangeEvent::op).containsOnly(Op.READ);
            assertThat(log.messages()).anyMatch(m -> m.contains("backfill of public.t: the stream pauses while its rows"
                    + " are read, as pg_live_paused.public.t has no key to match its rows with its changes"));
        }
    }

    /**
     * Tables {@code tDefinition} (t, {@link #ROWS} rows) and u, and the config of a native source capturing both,
     * {@code max_batch_size} small so that the rows take many polls.
     */
    private static Map<String, Object> tablesAndConfig(PostgresServer pg, String db, String tDefinition) throws Exception {
        pg.execute(db, "CREATE TABLE " + tDefinition, "CREATE TABLE u (id int PRIMARY KEY, n int)",
                "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("offset_flush_interval_ms", 0);
        config.put("max_batch_size", 100);
        config.put("include_tables", List.of("public.t", "public.u"));
        return config;
    }

    /**
     * Asks the running source for a backfill of t while a transaction is open, polls until it took the request (nothing
     * changes meanwhile), starts the writer, and ends the transaction once the writer's changes stream: the backfill's
     * slot, whose creation waited for it, then exists, and its rows come while the writer writes.
     */
    private Writer requestThenWrite(PostgresServer pg, String db, Map<String, Object> config, String name,
                                    ReaderHarness harness) throws Exception {
        try (Connection open = pg.connect(db); Statement st = open.createStatement()) {
            open.setAutoCommit(false);
            st.execute("INSERT INTO u VALUES (-100, 0)"); // holds a transaction ID: the slot's creation waits for it
            requestAndAwaitTaken(config, name, harness);
            Writer writer = Writer.start(pg, db);
            harness.pollUntil(e -> e.size() >= 100, TIMEOUT, false);
            assertThat(harness.received()).as("no row before the open transaction ends").noneMatch(e -> e.op() == Op.READ);
            open.commit();
            return writer;
        }
    }

    /** Asks the running source for a backfill of t and polls until it took the request (nothing changes meanwhile). */
    private void requestAndAwaitTaken(Map<String, Object> config, String name, ReaderHarness harness) throws Exception {
        assertThat(new PostgresSourceFactory().requestBackfill(PgTestSupport.options(config),
                ComponentContext.of(name, state), List.of("t"), null, true)).contains("is running");
        harness.pollUntil(e -> !requestFileLeft(), TIMEOUT, false);
    }

    private boolean requestFileLeft() {
        try (var files = Files.walk(state)) {
            return files.anyMatch(f -> f.toString().endsWith(".tables"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Inserts a sentinel into u and polls until it arrives: every change made before it has then been delivered. */
    private static List<ChangeEvent> awaitSentinel(PostgresServer pg, String db, ReaderHarness harness) throws Exception {
        pg.execute(db, "INSERT INTO u VALUES (-1, -1)");
        return harness.pollUntil(e -> !e.isEmpty() && describe(e.get(e.size() - 1)).equals("CREATE u:-1=-1"), TIMEOUT,
                false);
    }

    /** Nothing else is on its way: a row inserted into u now is the very next event. */
    private static void assertNextIsOnly(PostgresServer pg, String db, ReaderHarness harness, int id) throws Exception {
        pg.execute(db, "INSERT INTO u VALUES (" + id + ", 0)");
        harness.clear();
        harness.pollUntil(e -> !e.isEmpty(), TIMEOUT, false);
        long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
        List<ChangeEvent> next = harness.pollUntil(e -> System.nanoTime() > end, TIMEOUT, false);
        assertThat(next).extracting(NativeLiveBackfillTest::describe).containsExactly("CREATE u:" + id + "=0");
    }

    /** For each run of streamed events between two rows: how many transactions it holds. */
    private static List<Integer> transactionsPerStreamTurn(List<ChangeEvent> events) {
        List<Integer> turns = new ArrayList<>();
        Set<String> transactions = new HashSet<>();
        for (ChangeEvent e : events) {
            if (e.op() == Op.READ) {
                if (!transactions.isEmpty()) turns.add(transactions.size());
                transactions.clear();
            } else {
                transactions.add(e.transaction());
            }
        }
        return turns;
    }

    /** Whether every key of {@code keys} has a row of t among the events, or a change. */
    private static Predicate<List<ChangeEvent>> covered(Set<Integer> keys) {
        Set<Object> notYet = new HashSet<>(keys);
        return eachOnce(e -> {
            if (e.table().table().equals("t")) notYet.remove(e.key().get("id"));
        }, e -> notYet.isEmpty());
    }

    /**
     * A condition on the events received so far that looks at each event once, in {@code see}, then asks {@code done}.
     * The writer's events grow to hundreds of thousands; a condition reading all of them at each poll made the test's
     * consumer slower than the writer on a loaded machine, so that the stream never reached the backfill's watermark.
     */
    private static Predicate<List<ChangeEvent>> eachOnce(java.util.function.Consumer<ChangeEvent> see,
                                                         Predicate<List<ChangeEvent>> done) {
        int[] seen = {0};
        return events -> {
            for (; seen[0] < events.size(); seen[0]++) see.accept(events.get(seen[0]));
            return !events.isEmpty() && done.test(events);
        };
    }

    private static String describe(ChangeEvent e) {
        Row after = e.op() == Op.DELETE ? null : Envelope.after(e.value());
        return e.op() + " " + e.table().table() + ":" + e.key().get("id") + (after == null ? "" : "=" + after.values()[1]);
    }

    private static int firstIndex(List<ChangeEvent> events, Predicate<ChangeEvent> which) {
        for (int i = 0; i < events.size(); i++) if (which.test(events.get(i))) return i;
        throw new AssertionError("no such event among " + events.size());
    }

    private static int lastIndex(List<ChangeEvent> events, Predicate<ChangeEvent> which) {
        for (int i = events.size() - 1; i >= 0; i--) if (which.test(events.get(i))) return i;
        throw new AssertionError("no such event among " + events.size());
    }

    /** What a consumer holds after applying {@code events} of {@code table} in order, from nothing: id → v. */
    private static Map<Integer, String> applied(List<ChangeEvent> events, String table) {
        Map<Integer, String> rows = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (!e.table().table().equals(table)) continue;
            Integer id = (Integer) e.key().get("id");
            if (e.op() == Op.DELETE) {
                rows.remove(id);
            } else {
                rows.put(id, (String) Envelope.after(e.value()).get("v"));
            }
        }
        return rows;
    }

    /** The table as the server holds it now: id → v. */
    private static Map<Integer, String> table(PostgresServer pg, String db, String table) throws Exception {
        return NativeSnapshotModeTest.table(pg, db, table);
    }

    /**
     * Commits small transactions as fast as it can until closed (without waiting for the WAL flush): updates and deletes
     * of t's rows, inserts into t past its rows, and inserts into u.
     */
    private static final class Writer implements AutoCloseable {

        private final AtomicBoolean stop = new AtomicBoolean();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        static Writer start(PostgresServer pg, String db) {
            Writer writer = new Writer();
            Thread thread = new Thread(() -> writer.run(pg, db), "live-backfill-writer");
            thread.setDaemon(true);
            thread.start();
            return writer;
        }

        private void run(PostgresServer pg, String db) {
            Random random = new Random(7);
            try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
                st.execute("SET synchronous_commit = off");
                for (int i = 1; !stop.get(); i++) {
                    int id = 1 + random.nextInt(ROWS);
                    switch (i % 4) {
                        case 0 -> st.execute("UPDATE t SET v = 'w" + i + "' WHERE id = " + id);
                        case 1 -> st.execute("INSERT INTO u VALUES (" + i + ", " + i + ")");
                        case 2 -> st.execute(i % 8 == 2 ? "DELETE FROM t WHERE id = " + id
                                : "INSERT INTO t VALUES (" + (ROWS + i) + ", 'n" + i + "')");
                        default -> st.execute("UPDATE t SET v = 'x" + i + "' WHERE id = " + id
                                + "; INSERT INTO u VALUES (" + i + ", 0)");
                    }
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            done.get();
        }
    }
}
