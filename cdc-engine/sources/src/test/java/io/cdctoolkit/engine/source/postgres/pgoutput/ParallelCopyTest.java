package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ColumnFilters;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parallel snapshot's connections all read the slot's exported snapshot: changes committed after the export,
 * before any of them ran a statement of its own, are in none of the ranges. (A connection that did not import
 * the snapshot would take its own at its first COPY, after the changes, and read them.)
 */
class ParallelCopyTest {

    private static final String SLOT = "psnap_export";

    @Test
    void everyConnectionReadsTheExportedSnapshotWhateverCommittedAfterIt() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_psnap_export");
        pg.execute(db, "CREATE TABLE big (id int PRIMARY KEY, v text NOT NULL)",
                "INSERT INTO big SELECT g, 'before-' || g FROM generate_series(1, 60000) g");
        Map<Integer, String> before = values(pg, db);
        Properties login = new Properties();
        login.setProperty("user", PostgresServer.SUPERUSER);
        List<Connection> connections;
        try {
            try (Connection replication = replicationConnection(pg, db)) {
                ReplicationSlotInfo slot = replication.unwrap(PGConnection.class).getReplicationAPI()
                        .createReplicationSlot().logical().withSlotName(SLOT).withOutputPlugin("pgoutput").make();
                connections = SnapshotConnections.open(pg.jdbcUrl(db), login, slot.getSnapshotName(), 3);
            } // the exporter gone: the imported snapshots live on in the connections' transactions
            pg.execute(db, "INSERT INTO big SELECT g, 'new' FROM generate_series(100001, 100100) g",
                    "UPDATE big SET v = 'after' WHERE id % 100 = 1",
                    "DELETE FROM big WHERE id % 100 = 2");

            Map<Integer, String> read = new HashMap<>();
            try (Connection catalog = pg.connect(db)) {
                List<RelationPlan> plans = List.of(new RelationPlans("psnap", new TableCatalog(catalog)::read,
                        ColumnFilters.NONE, t -> "topic").forTable(new TableId(db, "public", "big"),
                        PublishedTables.read(catalog, "none")));
                List<CopyRange> ranges = CopyRanges.plan(connections.get(0), plans, connections.size());
                assertThat(ranges).as("big is split").hasSizeGreaterThan(connections.size());
                try (ParallelCopy rows = new ParallelCopy(connections, plans, ranges, "psnap-test")) {
                    for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                        assertThat(read.put((Integer) row.values()[0], (String) row.values()[1]))
                                .as("id %s read once", row.values()[0]).isNull();
                    }
                }
            }
            assertThat(read).isEqualTo(before);
        } finally {
            pg.execute("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = '" + SLOT + "'");
        }
    }

    private static Connection replicationConnection(PostgresServer pg, String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.SUPERUSER);
        props.putAll(ReplicationConnection.DRIVER_PROPERTIES);
        return DriverManager.getConnection(pg.jdbcUrl(db), props);
    }

    private static Map<Integer, String> values(PostgresServer pg, String db) throws SQLException {
        Map<Integer, String> values = new HashMap<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM big")) {
            while (rs.next()) values.put(rs.getInt(1), rs.getString(2));
        }
        return values;
    }
}
