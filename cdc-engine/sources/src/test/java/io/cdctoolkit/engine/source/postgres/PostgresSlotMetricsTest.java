package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.testing.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postgres-cdc source's meters: the slot's retained WAL (polled from {@code pg_replication_slots} on
 * a connection of its own) and whether the connector streams, measured against WAL the test writes.
 */
class PostgresSlotMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresServer pg = PostgresServer.shared();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path state;

    private double gauge(String name) {
        return registry.get(name).tag("source", "metrics").gauge().value();
    }

    @Test
    void theSlotRetainsAtLeastTheWalWrittenSinceTheLastCommitAndTheMetersAreUnknownAfterClose() throws Exception {
        String db = "pg_slot_metrics";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a')");
        Map<String, Object> raw = PgTestSupport.config(pg, db);
        raw.put("slot_name", "slot_metrics");
        raw.put("heartbeat_interval_ms", 0);
        raw.put("slot_monitor_interval_ms", 100);
        ComponentContext context = new ComponentContext("metrics", "sources.metrics", null, state, registry);
        try (CdcReader reader = new PostgresSourceFactory().create(PgTestSupport.options(raw), context)) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            // Nothing is committed, so the slot cannot move past anything written from here on.
            long before = insertLsn(db);
            pg.execute(db, "INSERT INTO t SELECT g, repeat('x', 1000) FROM generate_series(2, 201) g");
            long written = insertLsn(db) - before;
            assertThat(written).isGreaterThan(200_000);

            // The snapshot's row can arrive before the engine starts streaming (and holds the slot): wait for both.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(gauge("cdc.postgres.slot.retained_wal") >= written && gauge("cdc.postgres.slot.active") == 1
                    && gauge("cdc.source.connected") == 1) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(gauge("cdc.postgres.slot.retained_wal")).isGreaterThanOrEqualTo(written);
            assertThat(gauge("cdc.postgres.slot.confirmed_lag")).isGreaterThanOrEqualTo(written);
            assertThat(gauge("cdc.postgres.slot.active")).isEqualTo(1);
            assertThat(gauge("cdc.source.connected")).as("Debezium's streaming MBean: Connected").isEqualTo(1);
            assertThat(gauge("cdc.source.snapshot.running")).isZero();
        }
        assertThat(gauge("cdc.postgres.slot.retained_wal")).as("unknown once the reader is closed").isNaN();
        assertThat(gauge("cdc.source.connected")).as("the MBean is gone with the engine").isNaN();
    }

    @Test
    void theServerStreamingGaugeIsZeroBeforeTheSlotExistsAndOneOnceItsWalsenderStreams() throws Exception {
        String db = "pg_slot_streaming";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        Map<String, Object> raw = PgTestSupport.config(pg, db);
        raw.put("slot_name", "slot_streaming");
        raw.put("slot_monitor_interval_ms", 60_000); // while not streaming it looks every second regardless
        ComponentContext context = new ComponentContext("metrics", "sources.metrics", null, state, registry);
        SlotMonitor beforeTheSlot = new SlotMonitor(PostgresInspector.jdbc(PgTestSupport.options(raw)), "slot_streaming",
                Duration.ofSeconds(60), registry, "before");
        beforeTheSlot.poll();
        assertThat(registry.get(SlotMonitor.SERVER_STREAMING).tag("source", "before").gauge().value())
                .as("no slot yet: not streaming").isZero();
        beforeTheSlot.close();
        try (CdcReader reader = new PostgresSourceFactory().create(PgTestSupport.options(raw), context)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            reader.start();
            new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            while (!walSenderStreaming("slot_streaming") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(walSenderStreaming("slot_streaming")).as("pg_stat_replication: the walsender streams").isTrue();
            long soon = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gauge(SlotMonitor.SERVER_STREAMING) != 1 && System.nanoTime() < soon) Thread.sleep(50);
            assertThat(gauge(SlotMonitor.SERVER_STREAMING)).as("turns 1 within a second or so, not after the 60 s interval")
                    .isEqualTo(1);
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    @Test
    void aDatabasesIdleSessionTimeoutLeavesTheMetersKnownAtEveryLook() throws Exception {
        String db = "pg_slot_idle";
        pg.createDatabase(db);
        pg.execute(db, "ALTER DATABASE " + db + " SET idle_session_timeout = '300ms'",
                "SELECT pg_create_logical_replication_slot('slot_idle', 'pgoutput')");
        Map<String, Object> raw = PgTestSupport.config(pg, db);
        SlotMonitor monitor = new SlotMonitor(PostgresInspector.jdbc(PgTestSupport.options(raw)), "slot_idle",
                Duration.ofSeconds(60), registry, "idle");
        try {
            for (int look = 1; look <= 3; look++) {
                if (look == 3) {
                    // ended otherwise (a restart, a proxy's idle timeout): the look goes on on a new connection
                    pg.execute(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                            + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
                }
                monitor.poll();
                assertThat(registry.get("cdc.postgres.slot.retained_wal").tag("source", "idle").gauge().value())
                        .as("look %d, its connection idle longer than the database's idle_session_timeout%s", look,
                                look == 3 ? " and then ended by pg_terminate_backend" : "")
                        .isNotNaN();
                assertThat(registry.get("cdc.postgres.slot.active").tag("source", "idle").gauge().value())
                        .as("look %d: nobody streams from the slot", look).isZero();
                Thread.sleep(1_000);
            }
        } finally {
            monitor.close();
            PgTestSupport.dropSlots(pg, db);
        }
    }

    @Test
    void zeroTurnsTheSlotMonitorOff() throws Exception {
        Map<String, Object> raw = PgTestSupport.config(pg, "unused");
        raw.put("slot_monitor_interval_ms", 0);
        ComponentContext context = new ComponentContext("metrics", "sources.metrics", null, state, registry);
        try (CdcReader reader = new PostgresSourceFactory().create(PgTestSupport.options(raw), context)) {
            assertThat(registry.find("cdc.postgres.slot.retained_wal").gauge()).isNull();
        }
    }

    private boolean walSenderStreaming(String slot) throws Exception {
        try (Connection c = pg.connect("postgres"); java.sql.PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid"
                        + " WHERE s.slot_name = ? AND r.state = 'streaming'")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private long insertLsn(String db) throws Exception {
        try (Connection c = pg.connect(db); ResultSet rs = c.createStatement()
                .executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
