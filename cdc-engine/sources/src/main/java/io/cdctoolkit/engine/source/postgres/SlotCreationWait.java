package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Watches the creation of a source's logical replication slot, from a connection of its own. PostgreSQL creates a
 * logical slot only once every transaction that held a transaction ID when the creation began has ended — a
 * forgotten prepared transaction or a session left idle in a transaction holds the creation, and with it the
 * source's start, without a word from the server or either engine. While the slot's walsender waits for such a
 * transaction (an ungranted {@code transactionid} lock of the slot's {@code active_pid}), this logs a WARN naming it
 * and what ends it, and keeps the latest description for a start that fails meanwhile. On a standby the creation
 * waits for the primary instead ({@link #onStandby}), which is named likewise.
 *
 * <p>It looks first after {@code firstLook}, then every {@code period}; a transaction is named again after
 * {@link #REPEAT}. Only what the catalog views show is named (pid, user, application, database, state, age, a
 * prepared transaction's gid) — never a query's text.
 */
final class SlotCreationWait implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlotCreationWait.class);
    static final Duration REPEAT = Duration.ofMinutes(1);

    /** The transaction the slot's walsender waits for, and who holds it (a session, or a prepared transaction). */
    private static final String AWAITED = "SELECT l.transactionid::text, a.pid, a.usename, a.application_name, a.datname,"
            + " a.state, extract(epoch FROM now() - a.xact_start)::bigint, p.gid, p.owner, p.database,"
            + " extract(epoch FROM now() - p.prepared)::bigint, s.slot_name"
            + " FROM pg_replication_slots s"
            + " JOIN pg_locks l ON l.pid = s.active_pid AND NOT l.granted AND l.locktype = 'transactionid'"
            + " LEFT JOIN pg_stat_activity a ON a.backend_xid = l.transactionid"
            + " LEFT JOIN pg_prepared_xacts p ON p.transaction = l.transactionid"
            + " WHERE s.slot_name IN (?, ?) LIMIT 1";
    /**
     * The slot's creation on a standby, waiting for the primary's next record of running transactions (its walsender
     * still runs the command, and the slot has no confirmed position yet).
     */
    private static final String ON_STANDBY = "SELECT s.slot_name FROM pg_replication_slots s JOIN pg_stat_activity a"
            + " ON a.pid = s.active_pid WHERE s.slot_name IN (?, ?) AND pg_is_in_recovery()"
            + " AND s.confirmed_flush_lsn IS NULL AND a.query LIKE 'CREATE\\_REPLICATION\\_SLOT%'";
    /** Cancels the slot's creation only while it waits for a transaction: never a walsender that streams. */
    private static final String CANCEL = "SELECT pg_cancel_backend(s.active_pid) FROM pg_replication_slots s"
            + " WHERE s.slot_name IN (?, ?) AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = s.active_pid AND NOT l.granted"
            + " AND l.locktype = 'transactionid')";

    private final Jdbc jdbc;
    private final CatalogLookout lookout;
    private final String slot;
    /** A second slot whose creation is watched as well (the native engine's temporary backfill slot), or {@code slot}. */
    private final String alsoSlot;
    private final String source;
    private final Duration firstLook;
    private final Duration period;
    private volatile String awaited;
    /** The transaction ID last named in the log: named again when another is waited for, or after REPEAT. */
    private String lastLogged;
    private long lastLoggedNanos;

    /** @param alsoSlot another slot the start may create (the native engine's backfill slot), or {@code slot} */
    SlotCreationWait(Jdbc jdbc, String slot, String alsoSlot, String source, Duration firstLook, Duration period) {
        this.jdbc = jdbc;
        this.lookout = new CatalogLookout(jdbc, "slot-creation-" + slot);
        this.slot = slot;
        this.alsoSlot = alsoSlot;
        this.source = source;
        this.firstLook = firstLook;
        this.period = period;
    }

    /** Starts looking (on a daemon thread). */
    void start() {
        lookout.start(firstLook, () -> period, this::look);
    }

    /** What the slot's creation waits for, as last seen; empty when it waited for nothing then. */
    Optional<String> awaited() {
        return Optional.ofNullable(awaited);
    }

    private void look() {
        try {
            Awaited now = describeAwaited();
            awaited = now == null ? null : now.description();
            if (now == null) return;
            long nanos = System.nanoTime();
            if (!now.transactionId().equals(lastLogged) || nanos - lastLoggedNanos >= REPEAT.toNanos()) {
                LOG.warn("{}: {}", source, now.description());
                lastLogged = now.transactionId();
                lastLoggedNanos = nanos;
            }
        } catch (Exception e) {
            LOG.debug("{}: cannot see what the creation of slot {} waits for: {}", source, slot, e.getMessage());
        }
    }

    /** The transaction the creation waits for, and what the log says of it. */
    private record Awaited(String transactionId, String description) {
    }

    private Awaited describeAwaited() throws Exception {
        return lookout.query(connection -> {
            try (PreparedStatement st = connection.prepareStatement(AWAITED)) {
                st.setString(1, slot);
                st.setString(2, alsoSlot);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) return new Awaited(rs.getString(1), describe(rs));
                }
            }
            try (PreparedStatement st = connection.prepareStatement(ON_STANDBY)) {
                st.setString(1, slot);
                st.setString(2, alsoSlot);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new Awaited("standby", onStandby(rs.getString(1))) : null;
                }
            }
        });
    }

    /**
     * A standby finds where a new slot may start only in the primary's record of its running transactions, which the
     * primary writes every 15 s while it writes anything, and not at all while it is idle: the creation (and the start)
     * can wait for ever without a word.
     */
    private String onStandby(String creating) {
        return "creating replication slot " + creating + " on this standby waits for the primary to log its running"
                + " transactions (PostgreSQL does every 15 s while the primary writes, never while it is idle); run"
                + " SELECT pg_log_standby_snapshot(); on the primary to end the wait. The start goes on by itself then";
    }

    private String describe(ResultSet rs) throws SQLException {
        String xid = rs.getString(1);
        String gid = rs.getString(8);
        String holder;
        if (gid != null) {
            holder = "prepared transaction '" + gid + "' (database " + rs.getString(10) + ", owner " + rs.getString(9)
                    + ", prepared " + rs.getLong(11) + " s ago): end it with COMMIT PREPARED or ROLLBACK PREPARED";
        } else if (rs.getObject(2) != null) {
            int pid = rs.getInt(2);
            holder = "session pid " + pid + " (database " + rs.getString(5) + ", user " + rs.getString(3)
                    + ", application '" + rs.getString(4) + "', state '" + rs.getString(6) + "', transaction open "
                    + rs.getLong(7) + " s): commit or roll it back, or end the session (pg_terminate_backend(" + pid + "))";
        } else {
            holder = "a session this user cannot see (pg_stat_activity shows other users' transactions to members of"
                    + " pg_read_all_stats)";
        }
        return "creating replication slot " + rs.getString(12) + " waits for transaction " + xid + " to end — " + holder
                + ". PostgreSQL creates a logical replication slot only once every transaction that held a"
                + " transaction ID when the creation began has ended; the start goes on by itself then";
    }

    /**
     * Cancels the slot's creation on the server while it waits for a transaction: a start abandoned there leaves the
     * server's walsender waiting (it does not notice the closed connection), holding the half-made slot, and the next
     * start would wait behind it, then fail when it went. The walsender runs as the source's user, whose own backends
     * it may cancel.
     */
    void cancelCreation() {
        try (Connection c = jdbc.open(); PreparedStatement st = c.prepareStatement(CANCEL)) {
            st.setString(1, slot);
            st.setString(2, alsoSlot);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) LOG.info("{}: cancelled the creation of slot {} on the server", source, slot);
            }
        } catch (Exception e) {
            LOG.warn("{}: cannot cancel the creation of slot {} on the server: {}", source, slot, e.getMessage());
        }
    }

    @Override
    public void close() {
        lookout.close();
    }
}
