package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.compat.SinkFile.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.cdctoolkit.compat.DeliveryAssertions.assertEveryKeyHistory;
import static io.cdctoolkit.compat.DeliveryAssertions.assertOnlyAnUncommittedTailIsReplayed;
import static io.cdctoolkit.compat.DeliveryAssertions.assertPerKeyOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's durability checks through the real product: {@code cdc-toolkit run} in a child JVM reads a
 * database's {@code items (id, v)} table into a {@code file} sink (JSON lines, flushed before they are
 * acknowledged) with its state in a temporary directory; the test kills it (SIGKILL) or stops it
 * (SIGTERM) and restarts it on the same config and state. Subclasses supply the database.
 */
abstract class DurabilityScenarios {

    /** Pipeline settings: a commit follows every batch; unacknowledged records are bounded too. */
    static final int BATCH_SIZE = 500;
    static final int MAX_IN_FLIGHT_RECORDS = 500;
    /**
     * Most changes the sink may have written past the last committed position: those of the batch
     * being processed (the commit comes after it) plus those still unacknowledged at the last commit.
     */
    static final int REPLAY_BOUND = BATCH_SIZE + MAX_IN_FLIGHT_RECORDS;

    private static final int ROWS = 20_000;
    private static final int KILL_AFTER = 6_000;
    /**
     * Source events per second in the mid-stream kill scenarios: the ~21,000 changes then take over 5 s, so
     * the kill after 6,000 lands mid-stream however fast the reader is and however late the kill comes on a
     * loaded machine (unpaced, the native reader once delivered 20,379 before the kill took effect).
     */
    private static final int MID_STREAM_RATE = 4_000;
    static final int SENTINEL = ItemsWorkload.SENTINEL;
    /** The snapshot kill scenario's batch size and in-flight bound. */
    static final int SNAPSHOT_BATCH = 100;
    static final int KILL_AFTER_SNAPSHOT_ROWS = 3_000;
    /**
     * Source events per second of the snapshot the kill interrupts: its 40,000 rows then take 10 s, so the kill after
     * 3,000 lands mid-snapshot however fast the reader is (unpaced, the native reader once finished the snapshot and
     * streamed changes before the kill took effect). The restart is unpaced.
     */
    static final int SNAPSHOT_KILL_RATE = 4_000;
    /** Every 20th row of a transaction updated once. */
    private static final ItemsWorkload UPDATED_ONCE = new ItemsWorkload(ROWS, List.of(1));
    /** Every 20th row of a transaction set to 1, 2 and 1 again: two updates set the same values. */
    private static final ItemsWorkload REPEATED = new ItemsWorkload(ROWS, List.of(1, 2, 1));
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** Log lines about the source's connection: (re)connects, where streaming starts, warnings and errors. */
    private static final Pattern CONNECTION_LOG = Pattern.compile(
            "Keepalive|restore lost connection|Connected to binlog|Stopped reading binlog|on streaming start|retriable|WARN|ERROR");

    @TempDir
    Path tmp;

    /** Creates a fresh database {@code name} with an empty {@code items (id int PRIMARY KEY, v int NOT NULL)}. */
    abstract void createDatabaseWithItems(String name) throws Exception;

    abstract Connection connect(String database) throws SQLException;

    /** The source entry of the config (connector and config), indented for {@code sources.db}. */
    abstract String sourceYaml(String database, String scenario);

    /**
     * The restart resumed right after the position saved before the kill (read from the offsets file).
     *
     * @param lastOnce          {@code source} block of the last change the killed run wrote that was not delivered again
     * @param firstAfterRestart {@code source} block of the first change the restarted run wrote
     */
    /** The offset the source saved in its state folder (the Debezium engine's offsets file by default). */
    JsonNode savedOffset(Path sourceStateDir) throws Exception {
        return OffsetsFile.singleOffset(sourceStateDir.resolve("offsets.dat"));
    }

    abstract void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart);

    @Test
    void killedMidStreamThenRestartedLosesNothingAndRepeatsOnlyTheUncommittedTail() throws Exception {
        String db = "durability_crash";
        createDatabaseWithItems(db);
        execute(db, "INSERT INTO items VALUES (0, 0)"); // the snapshot: once it arrived, the reader streams
        Path config = config(db, "crash", MID_STREAM_RATE);
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        CompletableFuture<Void> writer;
        try {
            await(sink, first, changes -> !changes.isEmpty(), "the snapshot row");
            writer = CompletableFuture.runAsync(() -> insertAndUpdate(db));
            await(sink, first, changes -> changes.size() >= KILL_AFTER, KILL_AFTER + " changes");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill(); // SIGKILL: no flush, no final commit
        }
        List<Change> beforeKill = List.copyOf(sink.changes().subList(0, sink.writerKilled()));
        JsonNode savedOffset = savedOffset(tmp.resolve("state/sources/db"));

        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log")); // rows keep coming meanwhile
        try {
            writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        List<Change> afterRestart = sink.changes().subList(beforeKill.size(), sink.changes().size());

        Map<Integer, List<Change>> made = UPDATED_ONCE.history();
        try {
            assertThat(beforeKill.size()).as("killed mid-stream").isLessThan(made.size());
            int replayed = assertOnlyAnUncommittedTailIsReplayed(beforeKill, afterRestart, REPLAY_BOUND);
            assertPerKeyOrder(beforeKill, made);
            assertPerKeyOrder(afterRestart, made);
            assertResumedRightAfterTheSavedOffset(savedOffset, sink.source(beforeKill.size() - replayed - 1),
                    sink.source(beforeKill.size()));
            List<Change> once = new ArrayList<>(beforeKill);
            once.addAll(afterRestart.subList(replayed, afterRestart.size()));
            assertEveryKeyHistory(once, made);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + killBoundary(sink, beforeKill.size(), savedOffset, second), e);
        }
    }

    /**
     * What a failure at the kill boundary needs to be understood: the last changes before the kill, the first
     * after it with their positions, the saved offset, and what both runs logged about the source connection.
     */
    private static String killBoundary(SinkFile sink, int killedAt, JsonNode savedOffset, CliProcess cli) {
        StringBuilder out = new StringBuilder("\n--- kill boundary: saved offset ").append(savedOffset)
                .append(sink.killedWriterLeftAnUnfinishedLine() ? " (the killed run left an unfinished line)" : "");
        for (int i = Math.max(0, killedAt - 3); i < Math.min(sink.changes().size(), killedAt + 3); i++) {
            out.append(i < killedAt ? "\n  before kill " : "\n  after restart ").append(sink.changes().get(i))
                    .append(' ').append(sink.source(i));
        }
        try {
            out.append("\n--- source connection in the CLI log ---");
            cli.log().lines().filter(l -> CONNECTION_LOG.matcher(l).find()).forEach(l -> out.append('\n').append(l));
        } catch (Exception e) {
            out.append("\n(no log: ").append(e).append(')');
        }
        return out.toString();
    }

    /**
     * Issue 10: with {@code cdc_features.deduplication} on, nothing the sink acknowledged before a kill -9 is
     * delivered again after the restart, nothing is lost, and two genuine updates of a row that set the same
     * values (v = 1, then 2, then 1 again) both arrive.
     *
     * <p>Which records the sink had acknowledged is not visible from outside, so the pipeline runs with one
     * record in flight: at the kill, every change in the file but the last one was acknowledged (the last may
     * have been written by the sink without its acknowledgement reaching the pipeline, and may come again).
     */
    @Test
    void killedMidStreamWithDeduplicationRepeatsNothingTheSinkAcknowledged() throws Exception {
        KillRun run = killMidStreamAndRestart("dedup", """
                      cdc_features:
                        deduplication: { enabled: true }
                """);

        List<Change> beforeKill = run.beforeKill();
        Change unacknowledged = beforeKill.get(beforeKill.size() - 1);
        List<Change> afterRestart = run.afterRestart();
        boolean lastCameAgain = !afterRestart.isEmpty() && afterRestart.get(0).equals(unacknowledged);
        List<Change> once = new ArrayList<>(beforeKill);
        once.addAll(lastCameAgain ? afterRestart.subList(1, afterRestart.size()) : afterRestart);
        assertThat(beforeKill.size()).as("killed mid-stream").isLessThan(once.size());
        // Exactly the changes made, each once and in order: a change the sink acknowledged before the kill and
        // got again would show as an extra entry in its key's history.
        assertEveryKeyHistory(once, REPEATED.history());
        assertThat(run.log()).as("the restarted run reloaded the window its predecessor wrote before the kill")
                .containsPattern("deduplication window reloaded with [1-9][0-9]* of");
        Matcher counts = Pattern.compile("(\\d+) events in, (\\d+) records out").matcher(run.log());
        assertThat(counts.find()).as("the restarted run's summary%s", run.log()).isTrue();
        assertThat(Long.parseLong(counts.group(1))).as("the restarted run read again (and dropped) acknowledged changes")
                .isGreaterThan(Long.parseLong(counts.group(2)));
    }

    /**
     * The control for the test above: the same kill and restart without deduplication delivers the
     * uncommitted tail twice (at-least-once), acknowledged changes included: what deduplication removes.
     */
    @Test
    void killedMidStreamWithoutDeduplicationRepeatsAcknowledgedChanges() throws Exception {
        KillRun run = killMidStreamAndRestart("nodedup", "");

        Map<Integer, List<Change>> made = REPEATED.history();
        int expected = made.values().stream().mapToInt(List::size).sum();
        int repeated = run.all().size() - expected;
        assertThat(repeated).as("changes delivered twice (one may be the unacknowledged last)").isGreaterThan(1);
        assertThat(run.afterRestart().subList(0, repeated)).as("what came twice is the end of what the killed run delivered")
                .isEqualTo(run.beforeKill().subList(run.beforeKill().size() - repeated, run.beforeKill().size()));
    }

    /** What the sink got before a kill -9 and after the restart, and the restarted CLI's log. */
    record KillRun(List<Change> beforeKill, List<Change> afterRestart, String log) {
        List<Change> all() {
            List<Change> all = new ArrayList<>(beforeKill);
            all.addAll(afterRestart);
            return all;
        }
    }

    /**
     * {@link #insertUpdateAndRepeat}'s changes while the CLI runs with one record in flight, a kill -9
     * mid-stream, a restart, the sentinel.
     */
    private KillRun killMidStreamAndRestart(String scenario, String sourceConfigExtra) throws Exception {
        String db = "durability_" + scenario;
        createDatabaseWithItems(db);
        execute(db, "INSERT INTO items VALUES (0, 0)");
        // Offsets written at most once a second: the kill then always leaves a replayed tail of acknowledged
        // changes (the commit after every batch would often leave none), which is what the tests are about.
        Path config = config(db, scenario, "      offset_flush_interval_ms: 1000\n" + sourceConfigExtra, BATCH_SIZE, 1,
                MID_STREAM_RATE);
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));
        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        CompletableFuture<Void> writer;
        try {
            await(sink, first, changes -> !changes.isEmpty(), "the snapshot row");
            writer = CompletableFuture.runAsync(() -> insertUpdateAndRepeat(db));
            await(sink, first, changes -> changes.size() >= KILL_AFTER, KILL_AFTER + " changes");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill();
        }
        List<Change> beforeKill = List.copyOf(sink.changes().subList(0, sink.writerKilled()));
        int logBeforeRestart = Files.readString(tmp.resolve("cli.log")).length(); // the log is appended to
        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        return new KillRun(beforeKill, List.copyOf(sink.changes().subList(beforeKill.size(), sink.changes().size())),
                second.log().substring(logBeforeRestart));
    }


    /** Writes {@link #REPEATED} to {@code db}. */
    private void insertUpdateAndRepeat(String db) {
        try (Connection c = connect(db)) {
            REPEATED.write(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issue 12: kill -9 while the initial snapshot is being delivered, with changes made during the snapshot,
     * while the CLI is down and while the restarted one snapshots and streams. A snapshot that did not
     * complete is taken again from the start (both engines; Debezium does the same), so:
     * <ul>
     *   <li>before the kill, only snapshot rows arrived, some but not all of them;</li>
     *   <li>after the restart, each key gets at most one snapshot row (its state at the new snapshot point),
     *       first, then every change made after that point, once each, in order, to its last change; a key
     *       without a snapshot row was inserted after that point and gets all its changes, or was deleted
     *       before it and gets none. Nothing made is lost, and the keys' final rows are the table's.</li>
     *   <li>Duplicates: the snapshot rows delivered before the kill come again in the new snapshot (those
     *       still there). With {@link #resnapshotJoinsTheStreamExactly()} nothing else repeats; otherwise
     *       changes the new snapshot already holds may also be streamed again after it (at-least-once).</li>
     * </ul>
     */
    @Test
    void killedMidSnapshotThenRestartedSnapshotsAgainAndLosesNoChange() throws Exception {
        String db = "durability_snapshot";
        createDatabaseWithItems(db);
        SnapshotKillWorkload workload = new SnapshotKillWorkload();
        try (Connection c = connect(db)) {
            workload.writeSnapshotRows(c);
        }
        // Small batches, each committed before the next: the snapshot takes long enough for the kill to land in it.
        Path config = config(db, "snapshot", "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH,
                SNAPSHOT_KILL_RATE);
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, first, changes -> !changes.isEmpty(), "the first snapshot rows");
            try (Connection c = connect(db)) { // during the snapshot, after its point: the first rows came from it
                workload.phase(c, 1, id -> id % 100 == 1, id -> id % 100 == 2, 100); // small: the kill must not wait long
            }
            await(sink, first, changes -> changes.size() >= KILL_AFTER_SNAPSHOT_ROWS, KILL_AFTER_SNAPSHOT_ROWS + " snapshot rows");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill();
        }
        List<Change> beforeKill = List.copyOf(sink.changes().subList(0, sink.writerKilled()));
        try (Connection c = connect(db)) { // while it is down
            workload.phase(c, 2, id -> id % 10 == 3 || id % 10 == 1, id -> id % 10 == 4, 500);
        }

        restartWhileReadAgain(db, "snapshot", workload, sink, beforeKill.size());
        List<Change> afterRestart = sink.changes().subList(beforeKill.size(), sink.changes().size());

        assertReadAgainAfterTheKill("snapshot", beforeKill, afterRestart, workload, resnapshotJoinsTheStreamExactly());
    }

    /**
     * For the Debezium-engine sources, whose backfill is Debezium's blocking snapshot (not a {@code @Test} here: the
     * native PostgreSQL engine's backfill does not pause the stream). kill -9 while a backfill ({@code cdc-toolkit
     * backfill} on the running source) is
     * delivering its rows, changes made before, during and after it and while the source is down; then a restart. Before
     * the kill: the changes made before the request, then rows only (the stream paused), each once. The restart reads
     * the rows again (the request's file was kept: its last row was not committed), one after another, then streams:
     * every change made after the snapshot arrives, and a consumer applying everything in order ends at the table. Once
     * the last row is committed, the request is gone.
     */
    void killMidBlockingBackfillThenRestart(String db) throws Exception {
        SnapshotKillWorkload workload = new SnapshotKillWorkload();
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));
        int snapshotEnd = snapshotOfItems(db, "backfill", workload, sink);

        Path config = config(db, "backfill", "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH,
                SNAPSHOT_KILL_RATE);
        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            streamPhaseOneThenAskForABackfill(db, first, config, sink, snapshotEnd, workload,
                    "is running: it sends the request within a second or so");
            try (Connection c = connect(db)) { // during the backfill: streamed after its rows
                workload.phase(c, 10, id -> id % 50 == 10, id -> id % 200 == 110, 20);
            }
            awaitBackfilledRows(first, sink, snapshotEnd);
        } finally {
            first.kill();
        }
        int killed = changedWhileDown(db, workload, sink);
        List<Change> beforeKill = List.copyOf(sink.changes().subList(snapshotEnd, killed));
        assertThat(requestsLeft()).as("the request, its last row not committed").hasSize(1);

        int all = restartWhileReadAgain(db, "backfill", workload, sink, killed);
        List<Change> afterRestart = List.copyOf(sink.changes().subList(killed, all));

        int firstRow = indexOf(beforeKill, c -> "r".equals(c.op()), false);
        assertThat(beforeKill.subList(0, firstRow)).as("before the rows: the changes made before the request")
                .noneMatch(c -> "r".equals(c.op()) || c.v() >= 10);
        assertThat(beforeKill.subList(firstRow, beforeKill.size())).as("then rows only (the stream paused), each once")
                .allMatch(c -> "r".equals(c.op())).doesNotHaveDuplicates();
        int restartFirstRow = indexOf(afterRestart, c -> "r".equals(c.op()), false);
        int restartLastRow = indexOf(afterRestart, c -> "r".equals(c.op()), true);
        List<Change> readAgain = afterRestart.subList(restartFirstRow, restartLastRow + 1);
        assertThat(readAgain).as("the restart reads the rows again, one after another").allMatch(c -> "r".equals(c.op()));
        assertThat(readAgain.stream().map(Change::id).distinct().count()).as("each once").isEqualTo(readAgain.size());
        assertThat(readAgain.size()).as("every row, not only those after the kill")
                .isGreaterThan(SnapshotKillWorkload.ROWS * 9 / 10);
        assertEveryChangeArrivedAndTheConsumerHoldsTheTable(sink.changes().subList(0, all), snapshotEnd, workload);
        assertThat(requestsLeft()).as("the request, once its last row is committed").isEmpty();
    }

    /** The backfill requests waiting in the source's state folder (a Debezium-engine source's). */
    private List<Path> requestsLeft() throws Exception {
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            return files.filter(f -> f.getParent().getFileName().toString().equals("backfill-requests")).toList();
        }
    }

    /** Waits until the run has delivered {@link #KILL_AFTER_SNAPSHOT_ROWS} backfilled rows, still running (to be killed). */
    void awaitBackfilledRows(CliProcess run, SinkFile sink, int snapshotEnd) throws Exception {
        await(sink, run, changes -> reads(changes, snapshotEnd) >= KILL_AFTER_SNAPSHOT_ROWS,
                KILL_AFTER_SNAPSHOT_ROWS + " backfilled rows");
        assertThat(run.isAlive()).as(run.logTail()).isTrue();
    }

    /**
     * After a backfill's kill: where the sink's changes end (the killed run's last write), then rows updated and deleted
     * while the source is down (round 14 of the workload).
     */
    int changedWhileDown(String db, SnapshotKillWorkload workload, SinkFile sink) throws Exception {
        int killed = sink.writerKilled();
        try (Connection c = connect(db)) {
            workload.phase(c, 14, id -> id % 10 == 3, id -> id % 10 == 4, 500);
        }
        return killed;
    }

    /**
     * With {@code run} streaming {@code db} after the snapshot ({@code snapshotEnd} changes in the sink): makes phase 1
     * of {@code workload}, waits until it is streamed, asks for a backfill of {@code items} with the {@code backfill} command
     * (which must say {@code said}), and waits for the first backfilled row. The number of changes phase 1 made.
     */
    int streamPhaseOneThenAskForABackfill(String db, CliProcess run, Path config, SinkFile sink, int snapshotEnd,
                                          SnapshotKillWorkload workload, String said) throws Exception {
        try (Connection c = connect(db)) {
            workload.phase(c, 1, id -> id % 100 == 1, id -> id % 100 == 2, 100);
        }
        int phase1 = changesSince(workload, 1);
        await(sink, run, changes -> changes.size() >= snapshotEnd + phase1, "phase 1, streamed");
        CliProcess asked = CliProcess.start(tmp.resolve("backfill.log"), "backfill", "--config", config.toString(),
                "--tables", "items");
        assertThat(asked.waitFor(60)).as(asked.logTail()).isZero();
        assertThat(asked.log()).contains(said);
        await(sink, run, changes -> reads(changes, snapshotEnd) > 0, "the first backfilled row");
        return phase1;
    }

    /**
     * Restarts the source after a kill that left {@code killed} changes in the sink (every commit saved at once, small
     * batches, unpaced); once the restart's first row came (the rows' read has its point: a Debezium-engine backfill's
     * restart may stream changes before its rows, and a sentinel written before its read began came as one of its rows,
     * mid-read), makes the changes of {@link #changeWhileReadAgainThenSentinel} and waits for the sentinel; stops it.
     * The sink's changes then.
     */
    int restartWhileReadAgain(String db, String scenario, SnapshotKillWorkload workload, SinkFile sink, int killed)
            throws Exception {
        Path config = config(db, scenario, "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH, 0);
        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, second, changes -> reads(changes, killed) > 0, "the restart's first row");
            changeWhileReadAgainThenSentinel(db, workload);
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        return sink.refresh();
    }

    /**
     * While a restart reads {@code items}' rows again (after its first row came, so after the read's point): phases 3
     * to 8 and 20 of {@code workload}, then the sentinel row.
     */
    void changeWhileReadAgainThenSentinel(String db, SnapshotKillWorkload workload) throws SQLException {
        try (Connection c = connect(db)) {
            for (int v = 3; v <= 8; v++) {
                int round = v;
                workload.phase(c, v, id -> id % 10 == 5, id -> id % 100 == 6 + 10 * round, 100);
            }
            workload.phase(c, 20, id -> id % 10 == 7, id -> id % 10 == 8, 100);
        }
        execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
    }

    /**
     * A kill in the middle of reading {@code items}' rows ({@code read}: the snapshot, or a backfill), then a restart
     * that read them again: before the kill, some but not all rows, each once and as they were; after the restart, the
     * rows again, every later change ({@code exact}: none the new rows hold), then streamed changes only.
     */
    static void assertReadAgainAfterTheKill(String read, List<Change> beforeKill, List<Change> afterRestart,
                                            SnapshotKillWorkload workload, boolean exact) {
        assertThat(beforeKill).as("before the kill: %s rows only, each once, as they were at the %s", read, read)
                .allMatch(c -> "r".equals(c.op()) && c.v() == 0 && c.id() >= 1 && c.id() <= SnapshotKillWorkload.ROWS)
                .doesNotHaveDuplicates();
        assertThat(beforeKill.size()).as("killed mid-%s: some but not all rows had arrived", read)
                .isPositive().isLessThan(SnapshotKillWorkload.ROWS);
        Map<Integer, List<Change>> made = new LinkedHashMap<>(workload.history());
        made.put(SENTINEL, List.of(new Change("c", SENTINEL, 0)));
        DeliveryAssertions.assertSnapshotThenEveryLaterChange(afterRestart, made, exact);
        assertThat(afterRestart).as("the restart reads the rows again (%s)", read).anyMatch(c -> "r".equals(c.op()));
        int readEnd = afterRestart.indexOf(afterRestart.stream().filter(c -> !"r".equals(c.op())).findFirst().orElseThrow());
        assertThat(afterRestart.subList(readEnd, afterRestart.size())).as("the %s, then streamed changes only", read)
                .noneMatch(c -> "r".equals(c.op()));
    }

    /**
     * Whether a snapshot taken again after a restart joins the stream exactly (no change the snapshot holds
     * is streamed again): true where the snapshot is read from the slot's exported snapshot.
     */
    boolean resnapshotJoinsTheStreamExactly() {
        return false;
    }

    @Test
    void cleanStopThenChangesMadeWhileStoppedArriveExactlyOnce() throws Exception {
        String db = "durability_stop";
        createDatabaseWithItems(db);
        insertRows(db, 1, 500);
        Path config = config(db, "stop", 0);
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, first, changes -> changes.size() >= 500, "the 500 snapshot rows");
            insertRows(db, 501, 1000);
            await(sink, first, changes -> changes.size() >= 1000, "500 streamed rows");
        } finally {
            assertThat(first.terminate(60)).as("exit status after SIGTERM" + first.logTail()).isZero();
        }
        List<Change> beforeStop = List.copyOf(sink.changes().subList(0, sink.refresh()));

        insertRows(db, 1001, 2000);
        execute(db, "UPDATE items SET v = 1 WHERE id <= 100",
                "DELETE FROM items WHERE id > 400 AND id <= 450",
                "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "the changes made while stopped");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        List<Change> afterRestart = sink.changes().subList(beforeStop.size(), sink.changes().size());

        Map<Integer, List<Change>> beforeHistory = new LinkedHashMap<>();
        for (int id = 1; id <= 1000; id++) beforeHistory.put(id, List.of(new Change(id <= 500 ? "r" : "c", id, 0)));
        assertEveryKeyHistory(beforeStop, beforeHistory);
        assertThat(afterRestart).as("nothing delivered before the stop is repeated").doesNotContainAnyElementsOf(beforeStop);
        assertEveryKeyHistory(afterRestart, stoppedHistory());
    }

    /** Changes made while the pipeline was stopped, per key in order. */
    private static Map<Integer, List<Change>> stoppedHistory() {
        Map<Integer, List<Change>> made = new LinkedHashMap<>();
        for (int id = 1; id <= 100; id++) made.put(id, List.of(new Change("u", id, 1)));
        for (int id = 401; id <= 450; id++) made.put(id, List.of(new Change("d", id, 0)));
        for (int id = 1001; id <= 2000; id++) made.put(id, List.of(new Change("c", id, 0)));
        made.put(SENTINEL, List.of(new Change("c", SENTINEL, 0)));
        return made;
    }


    /** Writes {@link #UPDATED_ONCE} to {@code db}. */
    private void insertAndUpdate(String db) {
        try (Connection c = connect(db)) {
            UPDATED_ONCE.write(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts rows {@code from..to} with {@code v = 0}, in one transaction. */
    private void insertRows(String db, int from, int to) throws SQLException {
        try (Connection c = connect(db); PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, 0)")) {
            c.setAutoCommit(false);
            for (int id = from; id <= to; id++) {
                insert.setInt(1, id);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
    }

    void execute(String db, String... sql) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    private Path config(String db, String scenario, int rateLimit) throws Exception {
        // Each commit saved before the pipeline goes on: the replayed tail is then bounded by what was in flight alone
        // (the default saves once a second, and a crash also repeats up to a second of acknowledged changes).
        return config(db, scenario, "      offset_flush_interval_ms: 0\n", BATCH_SIZE, MAX_IN_FLIGHT_RECORDS, rateLimit);
    }

    /**
     * The config, with {@code sourceConfigExtra} (indented for the source's {@code config}) appended to it,
     * batches of {@code batchSize}, at most {@code maxInFlight} records unacknowledged and {@code rateLimit}
     * source events per second (0: unpaced).
     */
    Path config(String db, String scenario, String sourceConfigExtra, int batchSize, int maxInFlight, int rateLimit)
            throws Exception {
        Path file = tmp.resolve("pipeline.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  db:
                %s
                sinks:
                  out:
                    connector: file
                    config: { path: %s }
                pipelines:
                  %s:
                    source: db
                    sink: out
                    settings: { batch_size: %d, max_in_flight_records: %d, rate_limit: %d }
                """.formatted(tmp.resolve("state"), (sourceYaml(db, scenario) + sourceConfigExtra).stripTrailing(),
                tmp.resolve("out.jsonl"),
                scenario, batchSize, maxInFlight, rateLimit));
        return file;
    }

    /**
     * Creates {@code db} with {@code workload}'s rows in {@code items}, runs the source until its snapshot delivered them
     * all (every commit saved at once, small batches), stops it; the sink's changes so far.
     */
    int snapshotOfItems(String db, String scenario, SnapshotKillWorkload workload, SinkFile sink) throws Exception {
        createDatabaseWithItems(db);
        try (Connection c = connect(db)) {
            workload.writeSnapshotRows(c);
        }
        Path config = config(db, scenario, "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH, 0);
        CliProcess snapshot = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, snapshot, changes -> changes.size() >= SnapshotKillWorkload.ROWS, "the snapshot");
        } finally {
            assertThat(snapshot.terminate(60)).as("exit status after SIGTERM" + snapshot.logTail()).isZero();
        }
        return sink.refresh();
    }

    /**
     * Every change {@code workload} made after the snapshot is among {@code delivered} (from {@code snapshotEnd} on: at
     * least once), and a consumer applying all of them in order holds the table (the sentinel row included).
     */
    static void assertEveryChangeArrivedAndTheConsumerHoldsTheTable(List<Change> delivered, int snapshotEnd,
                                                                    SnapshotKillWorkload workload) {
        Set<Change> afterSnapshot = new HashSet<>(delivered.subList(snapshotEnd, delivered.size()));
        // Looked up in the set here: AssertJ's containsAll scans the whole collection for each value (its comparison
        // strategy may not be equals), ~80 s for these ~45,000 keys against ~85,000 changes.
        List<Change> missing = new ArrayList<>();
        workload.history().forEach((id, history) -> history.subList(id > SnapshotKillWorkload.ROWS ? 0 : 1, history.size())
                .stream().filter(c -> !afterSnapshot.contains(c)).forEach(missing::add));
        assertThat(missing).as("changes made after the snapshot that never arrived (of %d keys)", workload.history().size())
                .isEmpty();
        Map<Integer, Integer> consumer = new HashMap<>();
        for (Change c : delivered) {
            if ("d".equals(c.op())) consumer.remove(c.id()); else consumer.put(c.id(), c.v());
        }
        Map<Integer, Integer> table = new HashMap<>(workload.table());
        table.put(SENTINEL, 0);
        assertThat(consumer).containsExactlyInAnyOrderEntriesOf(table);
    }

    /** The number of changes phases from {@code phase} on made (a delete, update and insert each one). */
    static int changesSince(SnapshotKillWorkload workload, int phase) {
        int count = 0;
        for (List<Change> history : workload.history().values()) {
            for (Change c : history) if (c.v() >= phase || "d".equals(c.op())) count++;
        }
        return count;
    }

    /** How many rows ({@code r}) the sink holds from {@code from} on. */
    static long reads(List<Change> changes, int from) {
        return changes.subList(from, changes.size()).stream().filter(c -> "r".equals(c.op())).count();
    }

    static int indexOf(List<Change> changes, java.util.function.Predicate<Change> which, boolean last) {
        int found = -1;
        for (int i = 0; i < changes.size(); i++) {
            if (which.test(changes.get(i))) {
                found = i;
                if (!last) break;
            }
        }
        assertThat(found).as("no such change among %d", changes.size()).isNotNegative();
        return found;
    }

    /** Waits until the changes the sink wrote satisfy {@code done}, failing if the CLI exits or it takes too long. */
    static void await(SinkFile sink, CliProcess cli, Predicate<List<Change>> done, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sink.refresh() == 0 || !done.test(sink.changes())) {
            assertThat(cli.isAlive()).as("cdc-toolkit run exited while waiting for %s%s", what, cli.logTail()).isTrue();
            assertThat(System.nanoTime() < deadline).as("waited %s for %s (%d changes so far)%s", TIMEOUT, what,
                    sink.changes().size(), cli.logTail()).isTrue();
            Thread.sleep(50);
        }
    }
}
