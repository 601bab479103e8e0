package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Opens the snapshot's connections, each in a REPEATABLE READ, READ ONLY transaction that imports the slot's
 * exported snapshot ({@code SET TRANSACTION SNAPSHOT}), so every one of them sees the tables as of the slot's
 * consistent point. All import it before this returns: the replication connection's next command ends the exported
 * snapshot, and it runs none until then.
 */
final class SnapshotConnections {

    private SnapshotConnections() {
    }

    /** {@code count} connections inside the exported snapshot {@code snapshotName}; on failure none is left open. */
    static List<Connection> open(String url, Properties login, String snapshotName, int count) throws SQLException {
        List<Connection> connections = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Connection c = DriverManager.getConnection(url, login);
                connections.add(c);
                SessionTimeouts.turnOff(c);
                OutputStyles.set(c);
                try (Statement st = c.createStatement()) {
                    // A table whose row-level security applies to the user: PostgreSQL refuses the COPY rather
                    // than filter it, so the snapshot never leaves rows out silently (as pg_dump; RowSecurityTables).
                    st.execute("SET row_security = off");
                }
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                // READ ONLY, as pg_dump's: a snapshot only reads, whatever a publication's row filter or a backfill's
                // --where condition calls.
                c.setReadOnly(true);
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshotName.replace("'", "''") + "'");
                }
            }
            return connections;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connections, e);
            throw e;
        }
    }

    /**
     * The id of the snapshot transaction of {@code connection}, for the events' source block; null on a standby, where
     * a transaction has none ({@code txid_current()} fails there; Debezium's snapshot events have {@code txId: null}).
     */
    static Long transactionId(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE txid_current() END")) {
            rs.next();
            long id = rs.getLong(1);
            return rs.wasNull() ? null : id;
        }
    }

    static void closeQuietly(List<Connection> connections, Exception failure) {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException closing) {
                failure.addSuppressed(closing);
            }
        }
    }
}
