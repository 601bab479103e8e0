package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A source pointed at a standby, which PostgreSQL 16 and later decode changes on (both engines): what differs from a
 * primary. A standby cannot write, so neither the publication (made on the primary: {@link FilteredPublication}) nor
 * the heartbeat's logical-decoding message can be written there — {@code pg_logical_emit_message} fails with "cannot
 * make new WAL entries during recovery" at every heartbeat, which stopped the native engine's stream and made
 * Debezium log an error with a stack trace at each one. And the primary's VACUUM may remove catalog rows the standby's
 * slot still needs unless the standby holds them back ({@code hot_standby_feedback} over a physical slot,
 * {@code primary_slot_name}); PostgreSQL then invalidates the slot, and the source must take a new snapshot.
 */
public final class StandbyServer {

    /** The name of {@code check}'s item. */
    public static final String CHECK = "standby";

    private StandbyServer() {
    }

    /** Whether {@code sql} is connected to a standby (a server in recovery). */
    public static boolean is(Connection sql) throws SQLException {
        return "t".equals(Jdbc.scalar(sql, "SELECT pg_is_in_recovery()"));
    }

    /**
     * Stops a start on a standby that would write the heartbeat message.
     *
     * @param heartbeatMessage whether the source writes {@code heartbeat_message}s (and its interval is not 0)
     * @throws FatalException naming {@code heartbeat_message: false}
     */
    public static void requireNoHeartbeatMessage(Connection sql, boolean heartbeatMessage, String source)
            throws SQLException {
        if (heartbeatMessage && is(sql)) throw new FatalException(source + ": " + heartbeatProblem() + "; " + heartbeatFix());
    }

    /**
     * {@code check}'s item {@code standby}, on a standby only: FAIL before PostgreSQL 16 (no decoding there) or with
     * the heartbeat message on; WARN when the standby does not hold back the catalog rows its slots need; PASS
     * otherwise.
     */
    public static Optional<PrerequisiteCheck> check(Connection sql, boolean heartbeatMessage) throws SQLException {
        if (!is(sql)) return Optional.empty();
        int version = Integer.parseInt(Jdbc.scalar(sql, "SHOW server_version_num"));
        if (version < 160000) {
            return Optional.of(PrerequisiteCheck.fail(CHECK, "this server is a standby, and PostgreSQL "
                    + Jdbc.scalar(sql, "SHOW server_version") + " decodes changes only on a primary (16 or later on a standby"
                    + " too)", "point the source at the primary, or upgrade to PostgreSQL 16 or later"));
        }
        if (heartbeatMessage) return Optional.of(PrerequisiteCheck.fail(CHECK, heartbeatProblem(), heartbeatFix()));
        String feedback = Jdbc.scalar(sql, "SHOW hot_standby_feedback");
        String primarySlot = Jdbc.scalar(sql, "SHOW primary_slot_name");
        if (!"on".equals(feedback) || primarySlot.isBlank()) {
            return Optional.of(PrerequisiteCheck.warn(CHECK, "this server is a standby with hot_standby_feedback "
                    + feedback + " and " + (primarySlot.isBlank() ? "no primary_slot_name" : "primary_slot_name "
                    + primarySlot) + ": the primary's VACUUM may remove catalog rows this source's slot still needs,"
                    + " and PostgreSQL then invalidates the slot (the source must take a new snapshot)",
                    "ALTER SYSTEM SET hot_standby_feedback = on; ALTER SYSTEM SET primary_slot_name ="
                            + " '<a physical slot on the primary>'; SELECT pg_reload_conf(); (on the standby)"));
        }
        return Optional.of(PrerequisiteCheck.pass(CHECK, "this server is a standby (PostgreSQL decodes changes on it)"
                + " holding back the catalog rows its slots need (hot_standby_feedback on, primary_slot_name "
                + primarySlot + "); heartbeat_message is off"));
    }

    private static String heartbeatProblem() {
        return "this server is a standby, which cannot write the heartbeat's logical-decoding message"
                + " (pg_logical_emit_message: cannot make new WAL entries during recovery)";
    }

    private static String heartbeatFix() {
        return "set heartbeat_message: false (the slot then moves on only with the captured tables' changes; or write"
                + " the heartbeats on the primary yourself, e.g. SELECT pg_logical_emit_message(false,"
                + " 'cdc-toolkit-heartbeat', '') every minute, which the standby decodes), or point the source at the"
                + " primary";
    }
}
