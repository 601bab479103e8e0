package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.compat.SinkFile.Change;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DurabilityScenarios} with {@code postgres-cdc} on {@code engine: native} (issue 12, "Done when": the
 * wave-1 durability tests pass with the native engine): the same kills, restarts and assertions as
 * {@link PostgresDurabilityTest}, whose source config this extends by the one option. Skipped, with a
 * message, while this build's {@code postgres-cdc} has no {@code engine: native}.
 */
class PostgresNativeDurabilityTest extends PostgresDurabilityTest {

    @BeforeEach
    void nativeEngineExists() {
        boolean available = new PostgresSourceFactory().spec().options().stream()
                .anyMatch(o -> o.accepts("engine") && o.allowedValues().contains("native"));
        Assumptions.assumeTrue(available,
                "engine: native not available in this build (postgres-cdc has no option engine with the value native)");
    }

    /** The native reader's own offsets file (docs/sources/postgresql.md, Native engine), as JSON. */
    @Override
    JsonNode savedOffset(Path sourceStateDir) throws Exception {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(sourceStateDir.resolve("native-offsets.properties"))) {
            saved.load(in);
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        saved.forEach((k, v) -> json.put((String) k, (String) v));
        return json;
    }

    /**
     * The native offset is the commit LSN of the last transaction delivered (wholly, or its first {@code index}
     * changes when {@code tx_complete} is false). One writer commits here, so change LSNs grow with commits:
     * what was delivered once lies before that commit LSN, and the restart resumes after it (a completed
     * transaction) or inside that transaction (a partly committed one).
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        long commitLsn = Long.parseUnsignedLong(savedOffset.get("commit_lsn").asText());
        assertThat(lastOnce.get("lsn").asLong()).as("last change delivered once, saved offset %s", savedOffset)
                .isLessThan(commitLsn);
        if (Boolean.parseBoolean(savedOffset.get("tx_complete").asText())) {
            assertThat(firstAfterRestart.get("lsn").asLong()).as("first change after the restart").isGreaterThan(commitLsn);
        } else {
            assertThat(firstAfterRestart.get("lsn").asLong()).as("first change after the restart, in the same transaction")
                    .isGreaterThan(lastOnce.get("lsn").asLong()).isLessThan(commitLsn);
        }
    }

    /** The snapshot is read from the exported snapshot of a new slot, and streaming starts at that slot's point. */
    @Override
    boolean resnapshotJoinsTheStreamExactly() {
        return true;
    }

    @Override
    String sourceYaml(String database, String scenario) {
        // As the parity suite (EngineRun): -Dcdc.native.snapshot_connections=N runs the scenarios on N connections.
        Integer connections = Integer.getInteger("cdc.native.snapshot_connections");
        return super.sourceYaml(database, scenario)
                + (connections == null ? "" : "      snapshot_connections: " + connections + "\n");
    }

    @Override
    String engine() {
        return "native";
    }

    /**
     * A table captured after the snapshot is backfilled (docs/sources/postgresql.md, "A table added to the captured
     * ones later"); a kill -9 in the middle of that backfill, then a restart: the restart reads the table's rows again
     * in a new temporary slot's snapshot, streams only the changes committed after that snapshot, and loses none. The
     * source first captures {@code other} alone and completes its snapshot; {@code items}, with its 40,000 rows, is then
     * added to {@code include_tables}.
     */
    @Test
    @Override
    void killedMidBackfillThenRestartedBackfillsAgainAndLosesNoChange() throws Exception {
        String db = "durability_backfill";
        createDatabaseWithItems(db);
        execute(db, "CREATE TABLE other (id int PRIMARY KEY, v int NOT NULL)");
        SnapshotKillWorkload workload = new SnapshotKillWorkload();
        try (Connection c = connect(db)) {
            workload.writeSnapshotRows(c);
        }
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));
        Path config = backfillConfig(db, false, SNAPSHOT_KILL_RATE);
        CliProcess onlyOther = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            execute(db, "INSERT INTO other VALUES (1, 1)");
            await(sink, onlyOther, changes -> !changes.isEmpty(), "the change of other");
        } finally {
            assertThat(onlyOther.terminate(60)).as("exit status after SIGTERM" + onlyOther.logTail()).isZero();
        }
        int before = sink.refresh();

        backfillConfig(db, true, SNAPSHOT_KILL_RATE);
        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, first, changes -> changes.size() > before, "the first backfilled rows");
            try (Connection c = connect(db)) { // during the backfill, after its point
                workload.phase(c, 1, id -> id % 100 == 1, id -> id % 100 == 2, 100);
            }
            await(sink, first, changes -> changes.size() >= before + KILL_AFTER_SNAPSHOT_ROWS,
                    KILL_AFTER_SNAPSHOT_ROWS + " backfilled rows");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill();
        }
        int killed = sink.writerKilled();
        List<Change> beforeKill = itemsChanges(sink, before, killed);
        try (Connection c = connect(db)) { // while it is down
            workload.phase(c, 2, id -> id % 10 == 3 || id % 10 == 1, id -> id % 10 == 4, 500);
        }

        backfillConfig(db, true, 0);
        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, second, changes -> changes.size() > killed, "the new backfill's first row");
            changeWhileReadAgainThenSentinel(db, workload);
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        int all = sink.refresh();
        List<Change> afterRestart = itemsChanges(sink, killed, all);

        assertThat(itemsChanges(sink, 0, before)).as("nothing of items before it was captured").isEmpty();
        for (int i = before; i < all; i++) {
            if ("r".equals(sink.changes().get(i).op())) {
                assertThat(sink.source(i).get("snapshot").asText()).as("backfilled row %s", sink.changes().get(i))
                        .isEqualTo("incremental");
            }
        }
        // Exact: the changes committed before the new backfill's point are in its rows and are not streamed again.
        assertReadAgainAfterTheKill("backfill", beforeKill, afterRestart, workload, true);
    }

    /**
     * {@code cdc-toolkit backfill} of a running source (docs/sources/postgresql.md, "While the source runs"): its rows
     * come between the stream's transactions while changes are made, and a kill -9 in the middle of them. Before the kill:
     * streamed changes between the rows, every change in the order it was made, and no row after a change of its key
     * (the row would take the key back). The restart reads the rows again (the backfill was not committed), then streams
     * the changes since the last commit; nothing is lost: every change made after the snapshot arrives, and the last
     * record of each key is the table's row.
     */
    @Test
    void killedMidLiveBackfillThenRestartedLosesNoChangeAndNoKeyGoesBack() throws Exception {
        String db = "durability_live_backfill";
        SnapshotKillWorkload workload = new SnapshotKillWorkload();
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));
        int snapshotEnd = snapshotOfItems(db, "live", workload, sink);

        Path config = config(db, "live", "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH,
                SNAPSHOT_KILL_RATE);
        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        Map<Integer, Integer> atRequest;
        int phase1;
        try {
            phase1 = streamPhaseOneThenAskForABackfill(db, first, config, sink, snapshotEnd, workload,
                    "is running: it reads the rows of public.items again");
            atRequest = workload.table(); // nothing made since phase 1
            try (Connection c = connect(db)) { // during the backfill: its rows and these changes interleave
                for (int v = 10; v <= 13; v++) {
                    int round = v;
                    workload.phase(c, v, id -> id % 50 == round, id -> id % 200 == 100 + round, 20);
                }
            }
            awaitBackfilledRows(first, sink, snapshotEnd);
        } finally {
            first.kill();
        }
        int killed = changedWhileDown(db, workload, sink);
        List<Change> beforeKill = List.copyOf(sink.changes().subList(snapshotEnd, killed));

        int all = restartWhileReadAgain(db, "live", workload, sink, killed);
        List<Change> afterRestart = List.copyOf(sink.changes().subList(killed, all));

        int firstRow = indexOf(beforeKill, c -> "r".equals(c.op()), false);
        int lastRow = indexOf(beforeKill, c -> "r".equals(c.op()), true);
        assertThat(beforeKill.subList(firstRow, lastRow)).as("streamed changes between the backfill's rows")
                .anyMatch(c -> !"r".equals(c.op()));
        Map<Integer, List<Change>> made = workload.history();
        Map<Integer, Integer> changedAt = new HashMap<>(); // key -> changes of it delivered so far (after the snapshot)
        Set<Integer> changedSinceRequest = new HashSet<>(); // phase 1 was delivered before the request
        for (int i = 0; i < beforeKill.size(); i++) {
            Change c = beforeKill.get(i);
            List<Change> history = made.get(c.id());
            if ("r".equals(c.op())) {
                assertThat(changedSinceRequest).as("row %s after a change of its key", c).doesNotContain(c.id());
                assertThat(c.v()).as("row %s: the value it had at the request", c).isEqualTo(atRequest.get(c.id()));
            } else {
                // A row of the snapshot is its history's first entry (c, v 0); an inserted row's is its insert.
                int next = changedAt.merge(c.id(), 1, Integer::sum) - (c.id() > SnapshotKillWorkload.ROWS ? 1 : 0);
                assertThat(history.get(next)).as("change %d of key %d, in the order made", next, c.id()).isEqualTo(c);
                if (i >= phase1) changedSinceRequest.add(c.id());
            }
        }
        // The restart reads the rows again first (as the table holds them then), then streams: every change made after
        // the snapshot arrives (at least once), and a consumer ends at the table's state.
        int readEnd = indexOf(afterRestart, c -> !"r".equals(c.op()), false);
        assertThat(readEnd).as("the restart reads the rows again").isPositive();
        assertThat(afterRestart.subList(readEnd, afterRestart.size())).noneMatch(c -> "r".equals(c.op()));
        assertEveryChangeArrivedAndTheConsumerHoldsTheTable(sink.changes().subList(0, all), snapshotEnd, workload);
    }


    /** The scenario's config, capturing {@code other} alone or {@code items} too, in small batches. */
    private Path backfillConfig(String db, boolean withItems, int rateLimit) throws Exception {
        Path file = config(db, "backfill", "      offset_flush_interval_ms: 0\n", SNAPSHOT_BATCH, SNAPSHOT_BATCH, rateLimit);
        String yaml = Files.readString(file);
        String captured = withItems ? "include_tables: [public.other, public.items]" : "include_tables: [public.other]";
        assertThat(yaml).contains("include_tables: [public.items]");
        Files.writeString(file, yaml.replace("include_tables: [public.items]", captured));
        return file;
    }

    /** The changes of table {@code items} among the sink's changes {@code from} (inclusive) to {@code to}. */
    private static List<Change> itemsChanges(SinkFile sink, int from, int to) {
        List<Change> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if ("items".equals(sink.source(i).get("table").asText())) items.add(sink.changes().get(i));
        }
        return items;
    }
}
