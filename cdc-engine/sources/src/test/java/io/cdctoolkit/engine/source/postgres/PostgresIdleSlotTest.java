package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle captured table on a busy server: only other tables change, so no captured change carries a
 * newer WAL position, and PostgreSQL 15+ does not even send their (empty) transactions. With the default
 * heartbeats, which write a logical-decoding message, the slot still follows the server, so it can
 * recycle WAL; with plain heartbeats ({@code heartbeat_message: false}) it stays behind. And it never
 * passes a change that was read but not acknowledged. Both engines.
 */
class PostgresIdleSlotTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path state;

    @ParameterizedTest
    @ValueSource(strings = {"debezium", "native"})
    void byDefaultTheSlotFollowsTheServerWhileOnlyUncapturedTablesChange(String engine) throws Exception {
        String db = "pg_idle_slot_" + engine;
        String slot = "idle_slot_" + engine;
        try (CdcReader reader = PgTestSupport.reader(capturedAndBusy(db, slot, engine), "idle", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(1, TIMEOUT);
            reader.commit(snapshot.get(snapshot.size() - 1).position());
            pg.execute(db, "INSERT INTO captured VALUES (2)");
            harness.clear();
            List<ChangeEvent> change = harness.pollAtLeast(1, TIMEOUT);
            reader.commit(change.get(change.size() - 1).position());

            pg.execute(db, "INSERT INTO busy (v) SELECT repeat('x', 100) FROM generate_series(1, 1000)");
            long afterBusyWrites = currentWalLsn(pg, db);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (confirmedFlushLsn(pg, slot) < afterBusyWrites && System.nanoTime() < deadline) {
                pg.execute(db, "INSERT INTO busy (v) VALUES ('more')");
                reader.poll(Duration.ofMillis(200));
            }

            assertThat(confirmedFlushLsn(pg, slot)).as("the slot's confirmed_flush_lsn")
                    .isGreaterThanOrEqualTo(afterBusyWrites);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"debezium", "native"})
    void withPlainHeartbeatsTheSlotStaysAtTheLastCapturedTransaction(String engine) throws Exception {
        String db = "pg_idle_slot_plain_" + engine;
        String slot = "idle_slot_plain_" + engine;
        Map<String, Object> config = capturedAndBusy(db, slot, engine);
        config.put("heartbeat_message", false);
        try (CdcReader reader = PgTestSupport.reader(config, "plain", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO captured VALUES (2)");
            harness.clear();
            harness.pollAtLeast(1, TIMEOUT);

            pg.execute(db, "INSERT INTO busy (v) SELECT repeat('x', 100) FROM generate_series(1, 1000)");
            long afterBusyWrites = currentWalLsn(pg, db);
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // ten heartbeats
            while (System.nanoTime() < until) {
                pg.execute(db, "INSERT INTO busy (v) VALUES ('more')");
                reader.poll(Duration.ofMillis(200));
            }

            assertThat(confirmedFlushLsn(pg, slot)).as("why heartbeat_message is on by default")
                    .isLessThan(afterBusyWrites);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"debezium", "native"})
    void aChangeNotYetAcknowledgedKeepsTheSlotBeforeItWhateverElseChanges(String engine) throws Exception {
        String db = "pg_idle_slot_held_" + engine;
        String slot = "idle_slot_held_" + engine;
        Map<String, Object> config = capturedAndBusy(db, slot, engine);
        try (CdcReader reader = PgTestSupport.reader(config, "held", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(1, TIMEOUT);
            reader.commit(snapshot.get(snapshot.size() - 1).position());
            pg.execute(db, "INSERT INTO captured VALUES (2)");
            harness.clear();
            ChangeEvent unacknowledged = harness.pollUntil(events -> !events.isEmpty(), TIMEOUT, false).get(0);
            long changeLsn = ((Number) unacknowledged.position().offset().get("lsn")).longValue();

            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) { // heartbeats and keepalives go on meanwhile
                pg.execute(db, "INSERT INTO busy (v) SELECT repeat('x', 100) FROM generate_series(1, 100)");
                reader.poll(Duration.ofMillis(200));
            }

            // At most the change's own LSN: PostgreSQL decodes again every transaction whose commit record is at or
            // after the confirmed LSN, and the change's commit follows it. The Debezium engine confirms exactly that LSN
            // when a heartbeat message came right before the change (it gives the message the next change's LSN).
            assertThat(confirmedFlushLsn(pg, slot)).as("the slot's confirmed_flush_lsn")
                    .isLessThanOrEqualTo(changeLsn);
        }
        try (CdcReader reader = PgTestSupport.reader(config, "held", state)) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .startsWith(2); // the change comes again
        }
    }

    /**
     * A change right after a heartbeat's logical decoding message, delivered and not acknowledged when the reader
     * stops, comes again at the restart. The Debezium engine gives the message the LSN of the change after it and
     * resumes after a saved LSN: the message's offset, saved while the change waited, made the restart skip the
     * change (until 2026-12-02; its CommitTracker now holds such a record back).
     */
    @ParameterizedTest
    @ValueSource(strings = {"debezium", "native"})
    void aChangeRightAfterAHeartbeatMessageComesAgainAfterARestartWhileUnacknowledged(String engine) throws Exception {
        String db = "pg_idle_slot_message_" + engine;
        String slot = "idle_slot_message_" + engine;
        Map<String, Object> config = capturedAndBusy(db, slot, engine);
        config.put("offset_flush_interval_ms", 0L); // whatever is done is saved at once
        try (CdcReader reader = PgTestSupport.reader(config, "message", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            harness.clear();
            pg.execute(db, "SELECT pg_logical_emit_message(false, 'cdc-toolkit-heartbeat', '')",
                    "INSERT INTO captured VALUES (2)");
            assertThat(harness.pollUntil(events -> !events.isEmpty(), TIMEOUT, false))
                    .extracting(e -> e.key().get("id")).containsExactly(2);
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) reader.poll(Duration.ofMillis(200)); // heartbeats go on, nothing acknowledged
        }
        try (CdcReader reader = PgTestSupport.reader(config, "message", state)) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .containsExactly(2);
        }
    }

    /**
     * A fresh database {@code db} with {@code captured (id)} holding one row and an uncaptured {@code busy}
     * table; the source captures only {@code captured}, with the default heartbeats (messages), only more often.
     */
    private Map<String, Object> capturedAndBusy(String db, String slot, String engine) throws Exception {
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE captured (id int PRIMARY KEY)", "CREATE TABLE busy (id serial PRIMARY KEY, v text)",
                "INSERT INTO captured VALUES (1)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("include_tables", List.of("public.captured"));
        config.put("slot_name", slot);
        config.put("engine", engine);
        config.put("heartbeat_interval_ms", 500L); // the default is 10 s; shorter to keep the test short
        return config;
    }

    private static long currentWalLsn(PostgresServer pg, String db) throws Exception {
        return queryLong(pg, db, "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint");
    }

    private static long confirmedFlushLsn(PostgresServer pg, String slot) throws Exception {
        return queryLong(pg, "postgres", "SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint FROM pg_replication_slots"
                + " WHERE slot_name = '" + slot + "'");
    }

    private static long queryLong(PostgresServer pg, String db, String sql) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
