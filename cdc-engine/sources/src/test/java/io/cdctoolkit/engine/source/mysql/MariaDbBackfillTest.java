package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdc-toolkit backfill} on mariadb-cdc ({@link BinlogBackfill}): Debezium's blocking snapshot, signalled
 * in-process, pauses the stream, reads a table's rows again and streams on. The oracle is the table: a consumer that
 * applies the events from the request on (one that lost its topic) ends with exactly a {@code SELECT} of it.
 */
class MariaDbBackfillTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int ROWS = 3_000;

    @TempDir
    Path state;

    /**
     * Asked for while the reader runs and a writer updates, inserts and deletes rows of the table: the rows come as op r
     * events, one after another (the stream paused), every row the table held once; the changes made meanwhile come
     * after them, and a consumer of the backfill and what follows ends with the table. Once the last row is committed
     * the request is gone.
     */
    @Test
    void aTableAskedForWhileRunningIsReadWithTheStreamPausedThenItGoesOn() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_backfill_live");
        createTable(maria, db);
        Map<String, Object> config = config(maria, db);
        try (CdcReader reader = MariaDbTestSupport.reader(config, "live", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(ROWS, TIMEOUT); // the initial snapshot
            harness.clear(); // from here: what a consumer that lost its topic and asked for the backfill reads
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> write(maria, db, writing));
            try {
                String said = new MariaDbSourceFactory().requestBackfill(MariaDbTestSupport.options(config),
                        ComponentContext.of("live", state), List.of("t"), null, true);
                assertThat(said).startsWith("mariadb-cdc source 'live' is running: it sends the request within a second");
                harness.pollUntil(MariaDbBackfillTest::lastRowCame, TIMEOUT, true);
            } finally {
                writing.set(false);
            }
            int changes = writer.get(60, TimeUnit.SECONDS);
            maria.execute(db, "INSERT INTO t VALUES (0, 'last')");
            List<ChangeEvent> events = harness.pollUntil(e -> !e.isEmpty() && id(e.get(e.size() - 1)) == 0, TIMEOUT, true);

            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertSnapshotRows(rows);
            int first = events.indexOf(rows.get(0));
            assertThat(events.subList(first, first + rows.size())).as("the rows one after another").isEqualTo(rows);
            assertThat(rows.stream().map(MariaDbBackfillTest::id).distinct().count()).as("each row once")
                    .isEqualTo(rows.size());
            assertThat(events.subList(first + rows.size(), events.size())).as("streamed on (%d changes made)", changes)
                    .isNotEmpty();
            assertThat(applied(events)).containsExactlyEntriesOf(table(maria, db));
            assertThat(requestsLeft()).as("the request, once its last row is committed").isEmpty();
        }
    }

    /**
     * Asked for while the source is stopped (changes made meanwhile), with a condition: its next start reads the rows
     * the condition selects, as the table holds them, and streams the changes it had not delivered; a start after that
     * reads nothing again. A misspelt table and a condition the server does not take are refused, saying why.
     */
    @Test
    void aTableAskedForWhileStoppedIsReadAtTheNextStartWhereTheConditionSelects() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_backfill_next");
        createTable(maria, db);
        Map<String, Object> config = config(maria, db);
        try (CdcReader reader = MariaDbTestSupport.reader(config, "next", state)) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS, TIMEOUT);
        }
        maria.execute(db, "UPDATE t SET v = 'changed' WHERE id IN (5, 50)", "DELETE FROM t WHERE id = 7");
        MariaDbSourceFactory factory = new MariaDbSourceFactory();
        ComponentContext context = ComponentContext.of("next", state);
        var options = MariaDbTestSupport.options(config);
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("tt"), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(db + ".tt (did you mean " + db + ".t?) is not a table mariadb-cdc source 'next'"
                        + " captures");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "totl > 1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--where totl > 1 is not a condition on the rows of " + db + ".t:")
                .hasMessageContaining("Unknown column 'totl'");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "id < 100; DELETE FROM t", false))
                .hasMessage("--where id < 100; DELETE FROM t is not one SQL condition: its ';' at character 9 would end"
                        + " the statement");
        assertThat(requestsLeft()).as("nothing left by a refused request").isEmpty();
        assertThat(backfillItem(factory, options, context)).isEmpty();
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id <= 100", false))
                .startsWith("the next start of mariadb-cdc source 'next' sends the request: Debezium pauses the stream");
        assertThat(backfillItem(factory, options, context)).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).startsWith(db + ".t read again on request (cdc-toolkit backfill)");
        });

        Map<Integer, String> selected = new TreeMap<>(table(maria, db));
        selected.keySet().removeIf(id -> id > 100);
        try (CdcReader reader = MariaDbTestSupport.reader(config, "next", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> lastRowCame(e)
                    && e.stream().anyMatch(c -> c.op() == Op.DELETE), TIMEOUT, true);
            // The changes made while stopped, in their order; the rows before or after them, as the signal is taken
            // before or after the stream has caught up.
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 5", "UPDATE 50", "DELETE 7");
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            Map<Integer, String> read = new TreeMap<>();
            for (ChangeEvent e : rows) read.put(id(e), (String) Envelope.after(e.value()).get("v"));
            assertThat(read).containsExactlyEntriesOf(selected);
            assertThat(rows).hasSize(selected.size());
            assertSnapshotRows(rows);
            assertThat(applied(events)).containsExactlyEntriesOf(selected);
        }
        assertThat(requestsLeft()).isEmpty();
        assertThat(backfillItem(factory, options, context)).as("check, once the rows are committed").isEmpty();
        try (CdcReader reader = MariaDbTestSupport.reader(config, "next", state)) {
            reader.start();
            maria.execute(db, "INSERT INTO t VALUES (0, 'after')");
            List<ChangeEvent> events = new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            assertThat(events).extracting(e -> e.op() + " " + id(e)).containsExactly("CREATE 0");
        }
    }

    /**
     * Stopped after committing part of the rows: the request stays, and the next start reads every row again (a blocking
     * snapshot does not resume), then streams the changes made meanwhile; once its last row is committed the request is
     * gone, and a start after that reads nothing again. Asked for before the source completed its snapshot, nothing is
     * recorded (that snapshot reads every table).
     */
    @Test
    void stoppedBeforeItsLastRowIsCommittedTheBackfillIsReadAgainAtTheNextStart() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_backfill_stop");
        createTable(maria, db);
        Map<String, Object> config = config(maria, db);
        config.put("max_batch_size", 100);
        MariaDbSourceFactory factory = new MariaDbSourceFactory();
        ComponentContext context = ComponentContext.of("stop", state);
        assertThat(factory.requestBackfill(MariaDbTestSupport.options(config), context, List.of("t"), null, false))
                .isEqualTo("mariadb-cdc source 'stop' has not completed its snapshot: its next start reads every"
                        + " captured table, " + db + ".t included (nothing recorded)");
        try (CdcReader reader = MariaDbTestSupport.reader(config, "stop", state)) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS, TIMEOUT);
        }
        factory.requestBackfill(MariaDbTestSupport.options(config), context, List.of("t"), null, false);
        try (CdcReader reader = MariaDbTestSupport.reader(config, "stop", state)) {
            reader.start();
            List<ChangeEvent> part = new ReaderHarness(reader).pollUntil(e -> e.size() >= 500, TIMEOUT, true);
            assertThat(part).allMatch(e -> e.op() == Op.READ);
            assertThat(part).noneMatch(e -> "last".equals(Envelope.source(e.value()).get("snapshot")));
        }
        assertThat(requestsLeft()).hasSize(1);
        maria.execute(db, "UPDATE t SET v = 'meanwhile' WHERE id = 9");
        try (CdcReader reader = MariaDbTestSupport.reader(config, "stop", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> lastRowCame(e) && e.stream().anyMatch(
                    c -> c.op() == Op.UPDATE), TIMEOUT, true);
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertSnapshotRows(rows);
            assertThat(rows).hasSize(ROWS);
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 9");
            assertThat(applied(events)).containsExactlyEntriesOf(table(maria, db));
        }
        assertThat(requestsLeft()).isEmpty();
        try (CdcReader reader = MariaDbTestSupport.reader(config, "stop", state)) {
            reader.start();
            maria.execute(db, "INSERT INTO t VALUES (0, 'after')");
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("CREATE 0");
        }
    }

    /** {@code check}'s backfill item, if it has one. */
    private static java.util.Optional<PrerequisiteCheck> backfillItem(MariaDbSourceFactory factory, Options options,
                                                                      ComponentContext context) throws Exception {
        return factory.check(options, context).item("backfill");
    }

    /** The source's config: every commit saved at once. */
    private static Map<String, Object> config(MariaDbServer maria, String db) {
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("offset_flush_interval_ms", 0);
        return config;
    }

    private static void createTable(MariaDbServer maria, String db) throws Exception {
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(40))",
                "INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_" + ROWS);
    }

    /** Whether the backfill's last row has come (Debezium marks it {@code last}). */
    private static boolean lastRowCame(List<ChangeEvent> events) {
        return events.stream().anyMatch(e -> e.op() == Op.READ && "last".equals(Envelope.source(e.value()).get("snapshot")));
    }

    /** Rows of t as Debezium marks a snapshot's: the first {@code first}, the last {@code last}, the others {@code true}. */
    private static void assertSnapshotRows(List<ChangeEvent> rows) {
        assertThat(rows).isNotEmpty().allSatisfy(e -> assertThat(e.table().table()).isEqualTo("t"));
        List<Object> markers = rows.stream().map(e -> Envelope.source(e.value()).get("snapshot")).toList();
        assertThat(markers.get(0)).isEqualTo("first");
        assertThat(markers.get(markers.size() - 1)).isEqualTo("last");
        assertThat(markers.subList(1, markers.size() - 1)).containsOnly("true");
        // A blocking snapshot's (not an initial snapshot taken again): Debezium's offsets say so, but for its last row.
        assertThat(rows.subList(0, rows.size() - 1)).extracting(e -> String.valueOf(e.position().offset().get("snapshot")))
                .containsOnly("BLOCKING");
    }

    /** Updates, inserts and deletes rows of t in transactions of a few changes until told to stop; how many changes. */
    private static int write(MariaDbServer maria, String db, AtomicBoolean writing) {
        int changes = 0;
        int next = ROWS + 1;
        try (Connection c = maria.connect(db); Statement st = c.createStatement()) {
            while (writing.get()) {
                int id = ThreadLocalRandom.current().nextInt(1, ROWS + 1);
                switch (changes % 5) {
                    case 3 -> st.execute("DELETE FROM t WHERE id = " + id);
                    case 4 -> st.execute("INSERT INTO t VALUES (" + next++ + ", 'new')");
                    default -> st.execute("INSERT INTO t VALUES (" + id + ", 'u" + changes + "')"
                            + " ON DUPLICATE KEY UPDATE v = 'u" + changes + "'");
                }
                changes++;
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return changes;
    }

    /** What a consumer that applies {@code events} in order (from nothing) holds: id → v. */
    private static Map<Integer, String> applied(List<ChangeEvent> events) {
        Map<Integer, String> rows = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (e.op() == Op.DELETE) {
                rows.remove(id(e));
            } else {
                rows.put(id(e), (String) Envelope.after(e.value()).get("v"));
            }
        }
        return rows;
    }

    private static Map<Integer, String> table(MariaDbServer maria, String db) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = maria.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM t")) {
            while (rs.next()) rows.put(rs.getInt(1), rs.getString(2));
        }
        return rows;
    }

    private static int id(ChangeEvent e) {
        return ((Number) e.key().get("id")).intValue();
    }

    private List<Path> requestsLeft() throws Exception {
        Path folder = state.resolve("backfill-requests");
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
