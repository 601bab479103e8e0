package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.FatalException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server-side objects the native reader needs, as the Debezium engine handles them: the
 * publication (created or updated per {@code publication_autocreate}), the replication slot (must be
 * a pgoutput slot of this database) and the replication connection.
 */
final class ReplicationSetup {

    private final NativeSettings settings;
    private final Connection sql;

    /** @param sql a plain connection to the database (catalog queries, DDL) */
    ReplicationSetup(NativeSettings settings, Connection sql) {
        this.settings = settings;
        this.sql = sql;
    }

    Connection replicationConnection() throws io.cdctoolkit.engine.spi.ConnectivityException {
        Properties props = new Properties();
        props.putAll(settings.login());
        props.putAll(ReplicationConnection.DRIVER_PROPERTIES);
        Connection replication = connect(settings, props, " for replication");
        try {
            SessionTimeouts.turnOff(replication); // it holds the exported snapshot, idle, until streaming starts
            OutputStyles.set(replication);
            return replication;
        } catch (SQLException e) {
            throw closedAfter(replication, e, settings);
        }
    }

    private static io.cdctoolkit.engine.spi.ConnectivityException closedAfter(Connection connection, SQLException e,
                                                                             NativeSettings settings) {
        try {
            connection.close();
        } catch (SQLException closing) {
            e.addSuppressed(closing);
        }
        return new io.cdctoolkit.engine.spi.ConnectivityException(settings.describe()
                + ": cannot set up the connection's session: " + e.getMessage(), e);
    }

    /** A plain connection to the database (catalog queries, heartbeats). */
    static Connection queryConnection(NativeSettings settings) throws io.cdctoolkit.engine.spi.ConnectivityException {
        Connection query = connect(settings, settings.login(), "");
        try {
            SessionTimeouts.turnOffIdleSession(query); // idle between catalog reads and heartbeats
            OutputStyles.set(query); // column defaults' text
            return query;
        } catch (SQLException e) {
            throw closedAfter(query, e, settings);
        }
    }

    /**
     * An unreachable server or a refused login is a {@link io.cdctoolkit.engine.spi.ConnectivityException} in the
     * Debezium engine's words ("…: cannot connect: …", exit code 3), naming the server, never the password.
     */
    private static Connection connect(NativeSettings settings, Properties props, String purpose)
            throws io.cdctoolkit.engine.spi.ConnectivityException {
        try {
            return DriverManager.getConnection(settings.url(), props);
        } catch (SQLException e) {
            throw new io.cdctoolkit.engine.spi.ConnectivityException(settings.describe() + ": cannot connect" + purpose
                    + ": " + e.getMessage(), e);
        }
    }

    /** What to do when the slot of a source that streamed before is gone (part of the error that says so). */
    String slotGoneRemedy() {
        return "to start over with a new snapshot use snapshot_mode: when_needed (or remove this source's offsets);"
                + " to go on without the changes in between create the slot (SELECT pg_create_logical_replication_slot('"
                + settings.slot() + "', 'pgoutput'))";
    }

    boolean slotExists() throws SQLException {
        try (PreparedStatement st = sql.prepareStatement(
                "SELECT plugin, database FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, settings.slot());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return false;
                if (!"pgoutput".equals(rs.getString(1)) || !settings.database().equals(rs.getString(2))) {
                    throw new FatalException(settings.describe() + ": replication slot " + settings.slot()
                            + " exists for plugin " + rs.getString(1) + " in database " + rs.getString(2)
                            + "; engine: native needs a pgoutput slot of this database");
                }
                return true;
            }
        }
    }

    /** The slot's confirmed position and whether its WAL was lost, or null when it does not exist. */
    SlotState slotState() throws SQLException {
        // wal_status exists from PostgreSQL 13 on; before, a slot's WAL is never removed while it exists.
        boolean walStatus = sql.getMetaData().getDatabaseMajorVersion() >= 13;
        try (PreparedStatement st = sql.prepareStatement("SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::numeric, "
                + (walStatus ? "wal_status" : "NULL") + " FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, settings.slot());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return null;
                java.math.BigDecimal confirmed = rs.getBigDecimal(1);
                return new SlotState(confirmed == null ? 0 : confirmed.longValue(), "lost".equals(rs.getString(2)));
            }
        }
    }

    /** Waits until no server process holds the slot, at most {@code limit} ({@link SlotHolder#awaitReleased}). */
    void awaitSlotReleased(Duration limit) throws SQLException, InterruptedException {
        SlotHolder.awaitReleased(sql, settings.slot(), settings.describe(), limit);
    }

    /** The server process holding the slot, or null when none does. */
    Integer activePid() throws SQLException {
        return SlotHolder.of(sql, settings.slot());
    }

    void dropSlot() throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            st.setString(1, settings.slot());
            st.execute();
        }
    }

    /**
     * Makes the publication as {@code publication_autocreate} says.
     *
     * @return the tables it publishes from now on and did not before ({@link FilteredPublication#bringTo}; none but
     *         with {@code filtered})
     */
    Set<String> ensurePublication(List<TableId> tables) throws SQLException {
        FilteredPublication publication = new FilteredPublication(settings.publication());
        switch (settings.publicationAutocreate()) {
            case "disabled" -> {
                if (!publication.exists(sql)) {
                    throw new FatalException(settings.describe() + ": publication " + settings.publication()
                            + " does not exist and publication_autocreate is disabled");
                }
            }
            case "all_tables" -> {
                if (!publication.exists(sql)) {
                    String create = "CREATE PUBLICATION " + Snapshotter.quote(settings.publication()) + " FOR ALL TABLES";
                    if (StandbyServer.is(sql)) {
                        throw new FatalException(settings.describe() + ": publication " + settings.publication()
                                + " does not exist, and a standby cannot create it; create it on the primary: " + create);
                    }
                    try (Statement st = sql.createStatement()) {
                        st.execute(create);
                    }
                }
            }
            default -> {
                Set<String> members = new TreeSet<>();
                for (TableId t : tables) members.add(FilteredPublication.member(t.schema(), t.table()));
                return publication.bringTo(sql, members, false, settings.describe());
            }
        }
        return Set.of();
    }
}
