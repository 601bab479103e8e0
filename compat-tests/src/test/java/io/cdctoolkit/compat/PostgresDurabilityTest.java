package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DurabilityScenarios} with {@code postgres-cdc} on the embedded PostgreSQL 17. */
class PostgresDurabilityTest extends DurabilityScenarios {

    private final PostgresServer pg = PostgresServer.shared();

    @Override
    void createDatabaseWithItems(String name) throws Exception {
        pg.createDatabase(name);
        // FULL: a delete's before-image carries v, not only the key.
        pg.execute(name, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)", "ALTER TABLE items REPLICA IDENTITY FULL");
    }

    @Override
    Connection connect(String database) throws SQLException {
        return pg.connect(database);
    }

    /**
     * The saved offset is the WAL position (lsn) of the last change delivered once, or a later position
     * without a change of the table (a transaction's COMMIT, carried by a heartbeat, which is on by
     * default), but before the first change delivered again.
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        assertThat(lastOnce.get("lsn").asLong()).as("lsn of the last change delivered once, saved offset %s", savedOffset)
                .isLessThanOrEqualTo(savedOffset.get("lsn").asLong());
        assertThat(firstAfterRestart.get("lsn").asLong()).isGreaterThan(savedOffset.get("lsn").asLong());
    }

    @Override
    String sourceYaml(String database, String scenario) {
        return """
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      slot_name: durability_%s
                      include_tables: [public.items]
                      poll_interval_ms: 50
                      engine: %s
                """.formatted(pg.host(), pg.port(), database, scenario, engine());
    }

    /**
     * {@link #killMidBlockingBackfillThenRestart}: with {@code engine: debezium} a backfill is Debezium's blocking
     * snapshot, as on MariaDB ({@link PostgresNativeDurabilityTest} overrides this with its engine's own backfill).
     */
    @Test
    void killedMidBackfillThenRestartedBackfillsAgainAndLosesNoChange() throws Exception {
        killMidBlockingBackfillThenRestart("durability_backfill");
    }

    /**
     * {@code COPY} writes multi-insert WAL records, several rows at one LSN, and Debezium's connector (3.5) resumes
     * after a saved LSN, skipping every change at it: an offset saved after some rows of such a record made the restart
     * skip the rest (157 of 100,000 rows in a manual run; docs/sources/postgresql.md, Limits). A kill -9 while the
     * pipeline, paced to 4,000 changes/s, streams a 20,000-row {@code COPY}; the restart must deliver every row.
     */
    @Test
    void killedWhileStreamingACopyThenRestartedLosesNoRowOfIt() throws Exception {
        String db = "durability_copy";
        int rows = 20_000;
        createDatabaseWithItems(db);
        execute(db, "INSERT INTO items VALUES (0, 0)"); // the snapshot: once it arrived, the reader streams
        Path config = config(db, "copy", "      offset_flush_interval_ms: 0\n", BATCH_SIZE, MAX_IN_FLIGHT_RECORDS,
                4_000);
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            await(sink, first, changes -> !changes.isEmpty(), "the snapshot row");
            StringBuilder data = new StringBuilder();
            for (int id = 1; id <= rows; id++) data.append(id).append("\t0\n");
            try (Connection c = connect(db)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY items (id, v) FROM STDIN",
                        new StringReader(data.toString()));
            }
            await(sink, first, changes -> changes.size() >= rows / 3, rows / 3 + " rows of the COPY");
        } finally {
            first.kill(); // SIGKILL: no flush, no final commit
        }
        int beforeKill = sink.writerKilled();

        CliProcess second = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        assertThat(beforeKill).as("killed while the COPY streamed").isLessThan(rows);
        Set<Integer> missing = new TreeSet<>();
        for (int id = 1; id <= rows; id++) missing.add(id);
        sink.changes().forEach(change -> missing.remove(change.id()));
        assertThat(missing).as("rows of the COPY that never arrived (" + sink.changes().size() + " changes, "
                + beforeKill + " before the kill)").isEmpty();
    }

    /** The engine the scenarios run on: the Debezium engine here (its offsets file is what the assertions read). */
    String engine() {
        return "debezium";
    }
}
