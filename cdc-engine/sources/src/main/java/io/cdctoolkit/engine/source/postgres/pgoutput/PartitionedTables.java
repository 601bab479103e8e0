package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.FatalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What both engines do with a captured partitioned table (relkind {@code p}). Its rows live in its
 * partitions, and pgoutput sends their changes under the partitions' names (the publication's
 * {@code publish_via_partition_root} is off, as the readers create it), so the parent itself has nothing to
 * read: copied on its own it gives no row (or an error; the Debezium engine's snapshot reads it {@code FROM ONLY},
 * see {@code OwnRowsSnapshotQuery}), and a parent captured without its partitions would silently deliver nothing.
 * So a parent whose every leaf partition is captured too is left out of what is read (its rows arrive through the
 * partitions, each once) — not out of the publication, whose partitioned table makes PostgreSQL publish the partitions
 * created later — and a parent with a leaf partition not captured stops the start, naming the partitions to add.
 */
public final class PartitionedTables {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionedTables.class);

    private static final String RELKIND = """
            SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";

    // pg_inherits, not pg_partition_tree: the native reader also runs on PostgreSQL 10 and 11.
    private static final String LEAVES = """
            WITH RECURSIVE tree(oid) AS (
                SELECT i.inhrelid FROM pg_inherits i
                JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                WHERE pn.nspname = ? AND p.relname = ?
                UNION ALL
                SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)
            SELECT n.nspname, c.relname FROM tree JOIN pg_class c ON c.oid = tree.oid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' ORDER BY 1, 2""";

    private PartitionedTables() {
    }

    /**
     * The captured tables without the partitioned parents whose leaf partitions are all captured.
     *
     * @param source the reader's description, for the log line and the error
     * @throws FatalException when a captured partitioned table has a leaf partition that is not captured
     */
    public static List<TableId> leaveOutParents(Connection sql, List<TableId> tables, String source) throws SQLException {
        Set<TableId> captured = new HashSet<>(tables);
        List<TableId> kept = new ArrayList<>(tables.size());
        for (TableId table : tables) {
            if (!partitioned(sql, table)) {
                kept.add(table);
                continue;
            }
            List<TableId> missing = new ArrayList<>();
            for (TableId leaf : leaves(sql, table)) {
                if (!captured.contains(leaf)) missing.add(leaf);
            }
            if (!missing.isEmpty()) {
                throw new FatalException(source + ": " + table + " is a partitioned table: its rows are read from its"
                        + " partitions, and " + missing + " are not captured. Add them to include_tables (e.g. a glob such"
                        + " as " + table.schema() + "." + table.table() + "_*)");
            }
            LOG.info("{}: partitioned table {} is read through its partitions", source, table);
        }
        return kept;
    }

    private static boolean partitioned(Connection sql, TableId table) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement(RELKIND)) {
            st.setString(1, table.schema());
            st.setString(2, table.table());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && "p".equals(rs.getString(1));
            }
        }
    }

    private static List<TableId> leaves(Connection sql, TableId parent) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement(LEAVES)) {
            st.setString(1, parent.schema());
            st.setString(2, parent.table());
            try (ResultSet rs = st.executeQuery()) {
                List<TableId> leaves = new ArrayList<>();
                while (rs.next()) leaves.add(new TableId(parent.database(), rs.getString(1), rs.getString(2)));
                return leaves;
            }
        }
    }
}
