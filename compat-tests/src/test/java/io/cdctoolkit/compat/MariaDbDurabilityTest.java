package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.compat.SinkFile.Change;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DurabilityScenarios} with {@code mariadb-cdc} on the CI's MariaDB server; skipped without one
 * ({@link MariaDbServer#UNAVAILABLE} says how to get it).
 */
class MariaDbDurabilityTest extends DurabilityScenarios {

    private final MariaDbServer server = MariaDbServer.fromEnvironment().orElse(null);

    @BeforeEach
    void needsMariaDb() {
        assumeTrue(server != null, MariaDbServer.UNAVAILABLE);
    }

    @Override
    void createDatabaseWithItems(String name) throws Exception {
        server.createDatabase(name);
        server.execute(name, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
    }

    @Override
    Connection connect(String database) throws SQLException {
        return server.connect(database);
    }

    /**
     * Debezium's binlog offset ({@code BinlogOffsetContext}) names the start of the transaction being read
     * ({@code file}, {@code pos}), the events of it already complete ({@code event}) and the rows of the next
     * event already sent ({@code row}). A change's offset points right after it: its row number + 1, which
     * for the last row of an event is the event's row count (e.g. {@code row: 200} after a 200-row insert).
     * So the saved offset is the last change delivered once, and the first change after the restart is
     * the next row of that change's event or, when that change ended its event, row 0 of a later event
     * (the next statement, or the next transaction).
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        String context = "saved offset " + savedOffset + ", last change delivered once " + lastOnce
                + ", first change after the restart " + firstAfterRestart;
        assertThat(savedOffset.path("row").asInt()).as("the saved offset points right after the last change delivered once: "
                + context).isEqualTo(lastOnce.get("row").asInt() + 1);
        assertThat(savedOffset.get("file").asText()).as(context).isEqualTo(lastOnce.get("file").asText());
        assertThat(savedOffset.get("pos").asLong()).as("the saved position is the start of the change's transaction: "
                + context).isLessThanOrEqualTo(lastOnce.get("pos").asLong());
        if (sameEvent(firstAfterRestart, lastOnce)) {
            assertThat(firstAfterRestart.get("row").asInt()).as("the next row of the same event: " + context)
                    .isEqualTo(savedOffset.get("row").asInt());
        } else {
            assertThat(firstAfterRestart.get("row").asInt()).as("row 0 of a later event: " + context).isZero();
            assertThat(binlogOrder(firstAfterRestart)).as("a later event: " + context)
                    .isGreaterThan(binlogOrder(lastOnce));
        }
    }

    private static boolean sameEvent(JsonNode a, JsonNode b) {
        return a.get("file").asText().equals(b.get("file").asText()) && a.get("pos").asLong() == b.get("pos").asLong();
    }

    /** Binlog files are numbered with fixed-width suffixes, so file name then position orders events. */
    private static String binlogOrder(JsonNode source) {
        return source.get("file").asText() + String.format("/%020d", source.get("pos").asLong());
    }

    /**
     * kill -9 while a backfill ({@code cdc-toolkit backfill} on the running source: Debezium's blocking snapshot) is
     * delivering its rows, changes made before, during and after it and while the source is down; then a restart. Before
     * the kill: the changes made before the request, then rows only (the stream paused), each once. The restart reads
     * the rows again (the request's file was kept: its last row was not committed), one after another, then streams:
     * every change made after the snapshot arrives, and a consumer applying everything in order ends at the table. Once
     * the last row is committed, the request is gone.
     */
    @Test
    void killedMidBackfillThenRestartedReadsTheRowsAgainAndLosesNoChange() throws Exception {
        String db = "durability_backfill";
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
            await(sink, first, changes -> reads(changes, snapshotEnd) >= KILL_AFTER_SNAPSHOT_ROWS,
                    KILL_AFTER_SNAPSHOT_ROWS + " backfilled rows");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill();
        }
        int killed = sink.writerKilled();
        List<Change> beforeKill = List.copyOf(sink.changes().subList(snapshotEnd, killed));
        try (Connection c = connect(db)) { // while it is down
            workload.phase(c, 14, id -> id % 10 == 3, id -> id % 10 == 4, 500);
        }
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

    /** The backfill requests waiting in the source's state folder. */
    private List<Path> requestsLeft() throws Exception {
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            return files.filter(f -> f.getParent().getFileName().toString().equals("backfill-requests")).toList();
        }
    }

    @Override
    String sourceYaml(String database, String scenario) {
        // The password reaches the child through its environment, not the config file.
        return """
                    connector: mariadb-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      password: ${CDC_TEST_MARIADB_PASSWORD}
                      server_id: %d
                      include_tables: [items]
                      poll_interval_ms: 50
                """.formatted(server.host(), server.port(), database, server.user(), "crash".equals(scenario) ? 5731 : 5732);
    }
}
