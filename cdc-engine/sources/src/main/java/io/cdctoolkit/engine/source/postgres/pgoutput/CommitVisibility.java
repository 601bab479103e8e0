package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Whether a transaction the stream sends is visible to other sessions yet: its Relation messages are compiled from
 * the catalog only then (the reader keeps the message meanwhile). PostgreSQL sends a transaction's changes once its commit record is flushed, which is before the
 * committing session makes the transaction visible: a moment later, or — with synchronous replication — once the
 * synchronous standbys confirm it (while none is connected: not before one is). A catalog read in between sees the
 * catalog without the transaction's own DDL, and the events' schemas would say what the table was before it: a column
 * the transaction added without its NOT NULL and its default, a type it created as one dropped since (each value of
 * it an unreadable event).
 */
final class CommitVisibility {

    private static final Logger LOG = LoggerFactory.getLogger(CommitVisibility.class);
    static final Duration WARN_AFTER = Duration.ofSeconds(5);
    /**
     * A new snapshot's xmax (the first id not yet completed) and the ids running below it; a transaction is visible
     * to it when below xmax and not among them. The {@code txid_*} functions (every version; {@code pg_current_snapshot}
     * is 13+) give 64-bit ids: the epoch, then the 32-bit id pgoutput sends.
     */
    private static final String SNAPSHOT = "SELECT txid_snapshot_xmax(s), ARRAY(SELECT txid_snapshot_xip(s))"
            + " FROM (SELECT txid_current_snapshot() AS s) q";
    private static final long EPOCH = 1L << 32;

    private final Supplier<Connection> sql;
    private final String source;
    /** The last transaction found visible: its further Relation messages need no look. */
    private long visible = -1;
    /** The transaction looked at and found not visible yet, since when, and whether the log said so. */
    private long waiting = -1;
    private long waitingSince;
    private boolean warned;

    /**
     * @param sql    the reader's current query connection
     * @param source how the log names the source
     */
    CommitVisibility(Supplier<Connection> sql, String source) {
        this.sql = sql;
        this.source = source;
    }

    /**
     * Whether transaction {@code xid} is visible to a new snapshot. The reader keeps a message that waits for it and
     * asks again (each poll returns on time meanwhile); after {@link #WARN_AFTER} the log says what it waits for.
     */
    boolean visible(long xid) throws SQLException {
        if (xid == visible) return true;
        long now = System.nanoTime();
        if (running(xid)) {
            if (xid != waiting) {
                waiting = xid;
                waitingSince = now;
                warned = false;
            } else if (!warned && now - waitingSince >= WARN_AFTER.toNanos()) {
                LOG.warn("{}: transaction {} is in the stream but its commit is not visible yet (the committing session"
                        + " still waits, e.g. for a synchronous standby: synchronous_standby_names); its changes are read"
                        + " once it is, so that the catalog read for them has its own DDL", source, xid);
                warned = true;
            }
            return false;
        }
        if (xid == waiting && warned) {
            LOG.info("{}: transaction {} visible after {} ms; reading on", source, xid,
                    Duration.ofNanos(now - waitingSince).toMillis());
        }
        waiting = -1;
        visible = xid;
        return true;
    }

    private boolean running(long xid) throws SQLException {
        try (PreparedStatement st = sql.get().prepareStatement(SNAPSHOT); ResultSet rs = st.executeQuery()) {
            rs.next();
            long xmax = rs.getLong(1);
            long full = fullId(xid, xmax);
            if (full >= xmax) return true;
            for (Object running : (Object[]) rs.getArray(2).getArray()) {
                if (((Number) running).longValue() == full) return true;
            }
            return false;
        }
    }

    /** The 64-bit id of 32-bit {@code xid}: the one nearest {@code xmax} (assigned ids are within 2^31 of it). */
    static long fullId(long xid, long xmax) {
        long full = (xmax & -EPOCH) | xid;
        if (full - xmax > EPOCH / 2) return full - EPOCH;
        if (xmax - full > EPOCH / 2) return full + EPOCH;
        return full;
    }
}
