package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.spi.FatalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** The server process streaming a replication slot, and the wait for it to let the slot go. */
public final class SlotHolder {

    private SlotHolder() {
    }

    /** The server process holding {@code slot} ({@code sql}: a plain connection), or null when none does. */
    public static Integer of(Connection sql, String slot) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return null;
                int pid = rs.getInt(1);
                return rs.wasNull() ? null : pid;
            }
        }
    }

    /**
     * Waits until no server process holds {@code slot}, at most {@code limit}. After a crash or kill -9 of the
     * previous reader, its walsender may still hold the slot for a moment (until the server notices the closed
     * connection); dropping, altering or streaming the slot then fails with "is active for PID". Another live reader
     * of the same slot is the other case: after the limit it is reported, naming the process.
     *
     * @param describe the source in the message
     */
    public static void awaitReleased(Connection sql, String slot, String describe, Duration limit)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Integer pid = of(sql, slot);
            if (pid == null) return;
            if (System.nanoTime() > deadline) {
                throw new FatalException(describe + ": replication slot " + slot + " is still in use by server process "
                        + pid + " after " + limit.toSeconds() + " s: another reader of this slot runs (stop it, or give"
                        + " this source its own slot_name)");
            }
            Thread.sleep(200);
        }
    }
}
