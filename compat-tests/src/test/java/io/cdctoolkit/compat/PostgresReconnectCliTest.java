package io.cdctoolkit.compat;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL drops the replication connection while {@code run} streams (the server ends the
 * walsender, as a restart or a failover does): both engines reconnect, the rows written meanwhile
 * arrive, and the log says what happened in single lines — no stack trace.
 */
class PostgresReconnectCliTest {

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void aDroppedReplicationConnectionIsRetriedAndLoggedWithoutStackTraces() throws Exception {
        String log = runThroughADroppedConnection("reconnect", "debezium").log();
        // Debezium's "Producer failure" with its trace, "Retry 1 of …" and "Going to restart connector …" as one line.
        assertThat(log).as(log).doesNotContain("\tat ").doesNotContain("Caused by:").doesNotContain("Producer failure")
                .containsPattern("Debezium: the connector failed \\(\\w+.*\\) and retries: restart in \\d+ s \\(retry 1 of");
    }

    @Test
    void theNativeEngineReconnectsAndResumesAfterTheLastDeliveredChange() throws Exception {
        Run run = runThroughADroppedConnection("reconnect_native", "native");
        // It resumes after the last change it delivered, not after the last saved offset: nothing twice.
        assertThat(run.changes()).as("each change once").isEqualTo(2);
        String log = run.log();
        // The loss is met either by a poll (the runtime's "source poll failed (…); retry 1 of …") or first by the
        // reader's own status update to the server ("…; reconnecting at the next poll"): one line either way.
        assertThat(log).as(log).doesNotContain("\tat ").doesNotContain("Caused by:")
                .containsPattern("(source poll failed \\(.*replication connection of slot reconnect_native lost.*\\);"
                        + " retry 1 of|replication connection of slot reconnect_native lost \\(.*\\); reconnecting at"
                        + " the next poll)")
                .contains("replication connection restored; resuming after");
    }

    private record Run(String log, int changes) {
    }

    /** Streams one row, has the server end the slot's walsender, writes a second row and waits for it. */
    private Run runThroughADroppedConnection(String name, String engine) throws Exception {
        String database = pg.createDatabase(name);
        pg.execute(database, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
        Path out = dir.resolve("out.jsonl");
        Path config = dir.resolve("cdc.yaml");
        Files.writeString(config, """
                version: "1.0"
                state_dir: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config: { host: %s, port: %d, database: %s, user: postgres, ssl_mode: disable, engine: %s,
                              slot_name: %s, include_tables: [public.items], poll_interval_ms: 50 }
                sinks:
                  out: { connector: file, config: { path: %s } }
                """.formatted(dir.resolve("state"), pg.host(), pg.port(), database, engine, name, out));
        CliProcess run = CliProcess.run(config, dir.resolve("run.log"));
        SinkFile sink = new SinkFile(out);
        try {
            pg.execute(database, "INSERT INTO items VALUES (1, 1)");
            awaitChanges(run, sink, 1);

            // The first row may come from the snapshot, before the slot is streamed: end its walsender once there is one.
            awaitActiveSlot(database, name);
            pg.execute(database, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '"
                    + name + "'");
            pg.execute(database, "INSERT INTO items VALUES (2, 2)");
            awaitChanges(run, sink, 2);
        } finally {
            assertThat(run.terminate(60)).as(run.logTail()).isZero();
        }
        return new Run(run.log(), sink.refresh());
    }

    private void awaitActiveSlot(String database, String slot) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (java.sql.Connection c = pg.connect(database);
             java.sql.PreparedStatement st = c.prepareStatement(
                     "SELECT active_pid IS NOT NULL FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            while (true) {
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) return;
                }
                if (System.nanoTime() > deadline) throw new AssertionError("slot " + slot + " never became active");
                Thread.sleep(50);
            }
        }
    }

    private static void awaitChanges(CliProcess run, SinkFile sink, int count) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (sink.refresh() < count) {
            assertThat(run.isAlive()).as("run exited" + run.logTail()).isTrue();
            assertThat(System.nanoTime()).as("waiting for %d changes%s", count, run.logTail()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
