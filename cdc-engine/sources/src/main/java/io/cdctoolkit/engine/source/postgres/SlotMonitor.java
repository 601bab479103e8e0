package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.monitor.SourceMonitor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Polls {@code pg_replication_slots} for the source's slot on a connection of its own, every
 * {@code interval} on a daemon thread (never per event, never on the pipeline thread), and publishes
 * gauges tagged {@code source} and {@code slot}: the WAL the slot retains on the server
 * ({@code cdc.postgres.slot.retained_wal}: current WAL position minus the slot's {@code restart_lsn},
 * what fills the server's disk when the pipeline stalls), how far its confirmed position is behind
 * ({@code cdc.postgres.slot.confirmed_lag}) and whether a connection uses it
 * ({@code cdc.postgres.slot.active}). NaN while unknown (not yet polled, the server unreachable, no slot).
 *
 * <p>It also publishes {@value #SERVER_STREAMING} (tag {@code source}): 1 once the server's walsender for
 * the slot is in state {@code streaming} (caught up, sending changes as they come), 0 before that (no slot
 * yet, not connected, {@code startup} or {@code catchup}). Debezium says "connected" as soon as it opened the
 * stream; readiness waits for the server's word. Until the server says so, the slot is looked at every
 * second (at most {@code interval}), so readiness follows within a second.
 */
final class SlotMonitor implements SourceMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(SlotMonitor.class);

    // pg_current_wal_lsn() fails on a standby; pg_last_wal_receive_lsn() is its position there.
    // The walsender's own state, joined through the slot's active_pid.
    private static final String QUERY = "SELECT s.active, pg_wal_lsn_diff(cur, s.restart_lsn), "
            + "pg_wal_lsn_diff(cur, s.confirmed_flush_lsn), r.state = 'streaming' "
            + "FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid CROSS JOIN "
            + "(SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END AS cur) c "
            + "WHERE s.slot_name = ?";

    /** The gauge of whether the database reports streaming changes to the source (see the class comment). */
    static final String SERVER_STREAMING = "cdc.source.server_streaming";
    private static final Duration UNTIL_STREAMING = Duration.ofSeconds(1);

    private final CatalogLookout lookout;
    private final String slot;
    private final Duration interval;
    private volatile double retainedWal = Double.NaN;
    private volatile double confirmedLag = Double.NaN;
    private volatile double active = Double.NaN;
    private volatile double streaming = Double.NaN;

    SlotMonitor(Jdbc jdbc, String slot, Duration interval, MeterRegistry registry, String source) {
        this.lookout = new CatalogLookout(jdbc, "slot-monitor-" + slot);
        this.slot = slot;
        this.interval = interval;
        Tags tags = Tags.of("source", source, "slot", slot);
        Gauge.builder("cdc.postgres.slot.retained_wal", this, m -> m.retainedWal).baseUnit("bytes")
                .description("WAL the replication slot keeps on the server (current WAL position - restart_lsn)")
                .tags(tags).register(registry);
        Gauge.builder("cdc.postgres.slot.confirmed_lag", this, m -> m.confirmedLag).baseUnit("bytes")
                .description("WAL between the server's current position and the slot's confirmed_flush_lsn")
                .tags(tags).register(registry);
        Gauge.builder("cdc.postgres.slot.active", this, m -> m.active)
                .description("1 while a connection (the connector's) streams from the slot").tags(tags).register(registry);
        Gauge.builder(SERVER_STREAMING, this, m -> m.streaming)
                .description("1 once the server's walsender for the slot is in state streaming (caught up)")
                .tags(tags).register(registry);
    }

    @Override
    public void start() {
        lookout.start(Duration.ZERO, this::nextLook, this::poll);
    }

    private Duration nextLook() {
        return streaming == 1 || interval.compareTo(UNTIL_STREAMING) < 0 ? interval : UNTIL_STREAMING;
    }

    /** One look at the slot; a failure makes the values unknown until the next one succeeds. */
    void poll() {
        try {
            lookout.query(connection -> {
                try (PreparedStatement st = connection.prepareStatement(QUERY)) {
                    st.setString(1, slot);
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            active = rs.getBoolean(1) ? 1 : 0;
                            retainedWal = number(rs, 2);
                            confirmedLag = number(rs, 3);
                            streaming = rs.getBoolean(4) ? 1 : 0;
                        } else {
                            unknown();
                            streaming = 0; // no slot yet: certainly not streaming
                        }
                    }
                }
                return null;
            });
        } catch (Exception e) {
            unknown();
            LOG.debug("slot monitor of '{}': {}", slot, e.getMessage());
        }
    }

    private static double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : value;
    }

    private void unknown() {
        retainedWal = Double.NaN;
        confirmedLag = Double.NaN;
        active = Double.NaN;
        streaming = Double.NaN;
    }

    @Override
    public void close() {
        lookout.close();
        unknown();
    }
}
