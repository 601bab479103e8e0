package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.ReplicationSlotInfo;
import org.postgresql.replication.ReplicationType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover slots ({@code slot_failover}, PostgreSQL 17+). A standby running with {@code sync_replication_slots}
 * keeps a copy of every failover slot of its primary; after its promotion a source pointed at it resumes from
 * that copy, where without it the slot is gone on the new primary (and the source can only take a new snapshot
 * or lose the changes in between). Both engines: the native reader creates its slot with the option, the Debezium
 * engine with its {@code slot.failover}; a slot that exists without it is altered at start, which the Debezium
 * engine would not do. pgjdbc's slot builder has no failover option: the replication commands are written here,
 * as Debezium writes them.
 */
public final class FailoverSlot {

    /** PostgreSQL 17, the first with failover slots. */
    private static final int FIRST_SERVER_VERSION = 170000;

    private FailoverSlot() {
    }

    /**
     * Why the server of {@code sql} (a plain connection) cannot give a source a failover slot, or null when it can:
     * a server before 17, or a standby (whose slots cannot be made failover slots: its primary's are synced to it).
     */
    public static String unsupported(Connection sql) throws SQLException {
        if (Integer.parseInt(Jdbc.scalar(sql, "SHOW server_version_num")) < FIRST_SERVER_VERSION) {
            return "PostgreSQL " + Jdbc.scalar(sql, "SHOW server_version") + " has no failover slots (PostgreSQL 17 and"
                    + " later have)";
        }
        if (StandbyServer.is(sql)) {
            return "this server is a standby, where a slot cannot be made a failover slot (the primary's failover slots"
                    + " are synced to it)";
        }
        return null;
    }

    /** What the {@code unsupported} reason's error tells the user to do. */
    public static String unsupportedRemedy() {
        return "connect to the primary of a PostgreSQL 17+ cluster, or remove slot_failover";
    }

    /**
     * The slots {@code synchronized_standby_slots} names that this server does not have as physical slots: PostgreSQL
     * holds back every change of a failover slot until they exist (its log says so at WARNING, the reader sees
     * nothing) — after a failover, the old primary's setting names the promoted standby's own slot.
     */
    public static List<String> missingStandbySlots(Connection sql) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String standby : Jdbc.scalar(sql, "SHOW synchronized_standby_slots").split(",")) {
            String name = standby.strip();
            if (!name.isEmpty() && "f".equals(Jdbc.scalar(sql, "SELECT EXISTS (SELECT 1 FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND slot_type = 'physical')", name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** What {@link #missingStandbySlots} means for the source, as a sentence. */
    public static String heldBack(List<String> missing) {
        return "synchronized_standby_slots names " + String.join(", ", missing)
                + (missing.size() == 1 ? ", which does not exist" : ", which do not exist") + " as a physical slot here,"
                + " and PostgreSQL holds back this source's changes until then (after a failover: the old primary's"
                + " setting)";
    }

    /** The fix of {@link #heldBack}. */
    public static String heldBackRemedy() {
        return "ALTER SYSTEM SET synchronized_standby_slots = '<this server's standbys' physical slots>' (or RESET it);"
                + " SELECT pg_reload_conf();";
    }

    /**
     * The physical slots of this server's standbys, where a promotion would leave an ordinary logical slot behind:
     * empty on a server without failover slots (before 17, or a standby), or when {@code slot} already is a failover
     * slot. {@code sql}: a plain connection.
     */
    public static List<String> standbysWithoutACopy(Connection sql, String slot) throws SQLException {
        if (unsupported(sql) != null) return List.of();
        if ("t".equals(Jdbc.scalar(sql, "SELECT failover FROM pg_replication_slots WHERE slot_name = ?", slot))) {
            return List.of();
        }
        String physical = Jdbc.scalar(sql, "SELECT string_agg(slot_name, ', ' ORDER BY slot_name)"
                + " FROM pg_replication_slots WHERE slot_type = 'physical'");
        return physical == null ? List.of() : List.of(physical.split(", "));
    }

    /** Whether slot {@code slot} exists and is not a failover slot (PostgreSQL 17+; {@code sql} a plain connection). */
    public static boolean existsWithout(Connection sql, String slot) throws SQLException {
        return "t".equals(Jdbc.scalar(sql, "SELECT NOT failover FROM pg_replication_slots WHERE slot_name = ?", slot));
    }

    /**
     * Makes {@code slot} a failover slot ({@code ALTER_REPLICATION_SLOT}, on a replication connection); no process
     * may be streaming it.
     */
    public static void alter(Connection replication, String slot) throws SQLException {
        try (Statement st = replication.createStatement()) {
            st.execute("ALTER_REPLICATION_SLOT " + quoted(slot) + " ( FAILOVER true )");
        }
    }

    /**
     * Creates logical slot {@code slot} of pgoutput as a failover slot, exporting a snapshot as pgjdbc's builder
     * does ({@code replication}: a replication connection).
     */
    static ReplicationSlotInfo create(Connection replication, String slot) throws SQLException {
        try (Statement st = replication.createStatement();
             ResultSet rs = st.executeQuery("CREATE_REPLICATION_SLOT " + quoted(slot)
                     + " LOGICAL pgoutput ( SNAPSHOT 'export', FAILOVER true )")) {
            if (!rs.next()) throw new SQLException("CREATE_REPLICATION_SLOT returned no row");
            return new ReplicationSlotInfo(rs.getString("slot_name"), ReplicationType.LOGICAL,
                    LogSequenceNumber.valueOf(rs.getString("consistent_point")), rs.getString("snapshot_name"),
                    rs.getString("output_plugin"));
        }
    }

    /** Slot names are lower-case letters, digits and underscores (PostgreSQL refuses others); quoted all the same. */
    private static String quoted(String slot) {
        return '"' + slot.replace("\"", "\"\"") + '"';
    }
}
