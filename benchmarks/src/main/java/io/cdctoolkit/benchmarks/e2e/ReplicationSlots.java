package io.cdctoolkit.benchmarks.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The harness's replication slots (all named {@value #PREFIX}...): created before a streaming run's data,
 * dropped after every run and at start and end of the driver, so no slot is left retaining WAL.
 */
final class ReplicationSlots {

    static final String PREFIX = "e2e_";

    private final PostgresTarget target;

    ReplicationSlots(PostgresTarget target) {
        this.target = target;
    }

    static String name(Variant variant, Workload workload, int round) {
        return (PREFIX + variant.id() + "_" + workload.id() + "_" + round).replace('-', '_');
    }

    /** A pgoutput slot whose position is now: the variant streams every change committed after this. */
    void create(String slot) throws SQLException {
        try (Connection c = target.connect();
             PreparedStatement st = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            st.setString(1, slot);
            st.execute();
        }
    }

    /** Drops the slot if it exists, ending its walsender first when a child left it active. */
    void drop(String slot) throws SQLException, InterruptedException {
        dropWhere("slot_name = ?", slot);
    }

    /** Drops every slot of the harness in this database. */
    void dropAll() throws SQLException, InterruptedException {
        dropWhere("slot_name LIKE ?", PREFIX + "%");
    }

    private void dropWhere(String condition, String value) throws SQLException, InterruptedException {
        try (Connection c = target.connect()) {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement kill = c.prepareStatement(
                        "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE active AND " + condition);
                     PreparedStatement drop = c.prepareStatement(
                             "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database() AND "
                                     + condition)) {
                    kill.setString(1, value);
                    kill.execute();
                    drop.setString(1, value);
                    drop.execute();
                    return;
                } catch (SQLException e) {
                    if (attempt >= 20) throw e; // still active: its walsender is ending
                    Thread.sleep(250);
                }
            }
        }
    }

    /** Number of the harness's slots left (0 after {@link #dropAll}). */
    int remaining() throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + PREFIX + "%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
