package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL sends a transaction's changes once its commit record is flushed, before the transaction is visible to
 * other sessions — with synchronous replication, only once a synchronous standby confirms it. A transaction that
 * creates a type, adds columns and writes a row, its commit waiting for a synchronous standby that is not there: the
 * native engine read its Relation message's catalog entry before the commit was visible, so the new enum column's
 * type was "no longer in the catalog" (the event unreadable) and the new columns lost their NOT NULL and defaults.
 * Now the row arrives once the commit is visible, with the schema a snapshot of the table gives (the oracle: a reader
 * started afterwards).
 */
class NativeCommitVisibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;

    @Test
    void aChangeWhoseCommitIsNotVisibleYetIsReadWithItsOwnDdlOnceItIs() throws Exception {
        try (PostgresServer pg = PostgresServer.start(Map.of("wal_level", "logical", "max_wal_senders", "4",
                "max_replication_slots", "4"))) {
            String db = pg.createDatabase("commit_visibility");
            pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            Map<String, Object> config = PgTestSupport.config(pg, db);
            config.put("engine", "native");
            config.put("slot_name", "streaming");
            try (CdcReader reader = PgTestSupport.reader(config, "visibility", state.resolve("streaming"))) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                harness.clear();

                pg.execute(db, "ALTER SYSTEM SET synchronous_standby_names = 'absent'", "SELECT pg_reload_conf()");
                Await.until("synchronous replication on", () -> "absent".equals(setting(pg, db)));
                CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                    try {
                        // zonky's servers run with synchronous_commit off, which never waits for a standby.
                        pg.execute(db, "SET synchronous_commit = on", "BEGIN; CREATE TYPE mood AS ENUM ('sad', 'ok');"
                                + " ALTER TABLE t ADD COLUMN m mood NOT NULL DEFAULT 'ok', ADD COLUMN n int NOT NULL DEFAULT 7;"
                                + " INSERT INTO t VALUES (2, 'sad', 8); COMMIT");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try {
                    Await.until("the commit flushed and waiting", () -> committedLocally(pg, db));
                    List<ChangeEvent> early = new ArrayList<>();
                    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    // Each poll returns on time meanwhile (a stop stays bounded).
                    while (System.nanoTime() < until) early.addAll(reader.poll(Duration.ofMillis(200)));
                    assertThat(early).as("events while the commit is not visible").isEmpty();
                } finally {
                    pg.execute(db, "ALTER SYSTEM RESET synchronous_standby_names", "SELECT pg_reload_conf()");
                }
                commit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                List<ChangeEvent> streamed = harness.pollAtLeast(1, TIMEOUT);
                assertThat(streamed.get(0).unreadable()).isNull();
                Row row = Envelope.after(streamed.get(0).value());

                config.put("slot_name", "snapshot");
                try (CdcReader snapshot = PgTestSupport.reader(config, "visibility", state.resolve("snapshot"))) {
                    snapshot.start();
                    List<ChangeEvent> rows = new ReaderHarness(snapshot).pollAtLeast(2, TIMEOUT);
                    Row snapshotRow = rows.stream().map(e -> Envelope.after(e.value()))
                            .filter(r -> Integer.valueOf(2).equals(r.get("id"))).findFirst().orElseThrow();
                    assertThat(row.schema().fields()).isEqualTo(snapshotRow.schema().fields());
                    assertThat(row.schema().field("m").defaultValue()).isEqualTo("ok");
                    assertThat(row.schema().field("n").defaultValue()).isEqualTo(7);
                    assertThat(List.of(row.get("id"), row.get("m"), row.get("n"))).containsExactly(2, "sad", 8);
                    assertThat(snapshotRow).isEqualTo(row);
                }
            }
        }
    }

    private static String setting(PostgresServer pg, String db) {
        try (Connection c = pg.connect(db)) {
            return Jdbc.scalar(c, "SHOW synchronous_standby_names");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a session waits for a synchronous standby (its commit flushed, not yet visible). */
    private static boolean committedLocally(PostgresServer pg, String db) {
        try (Connection c = pg.connect(db)) {
            return !Jdbc.scalar(c, "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'SyncRep'").isEmpty();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
