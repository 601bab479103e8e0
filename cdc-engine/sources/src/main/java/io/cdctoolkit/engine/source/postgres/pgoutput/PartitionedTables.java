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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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

    // A relation's partitioned ancestors, by OID: a Relation message names a table as it was when the change was written.
    private static final String PARTITIONED_ANCESTORS = """
            WITH RECURSIVE up(oid) AS (
                SELECT inhparent FROM pg_inherits WHERE inhrelid = ?::oid
                UNION ALL
                SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.oid)
            SELECT n.nspname, c.relname FROM up JOIN pg_class c ON c.oid = up.oid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'p'""";

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

    /** The partitioned tables among {@code tables}, in order (no question asked of their partitions). */
    public static List<TableId> partitionedAmong(Connection sql, List<TableId> tables) throws SQLException {
        List<TableId> parents = new ArrayList<>();
        for (TableId table : tables) if (partitioned(sql, table)) parents.add(table);
        return parents;
    }

    /** The partitioned tables {@link #leaveOutParents} left out of {@code captured} to give {@code kept}, in order. */
    public static List<TableId> leftOut(List<TableId> captured, List<TableId> kept) {
        Set<TableId> keptSet = new HashSet<>(kept); // a set: sources capture thousands of tables
        return captured.stream().filter(t -> !keptSet.contains(t)).toList();
    }

    /**
     * While the source runs: stops it when a leaf partition of one of {@code parents} (the captured partitioned tables)
     * is not captured — created or attached after the start, with a name {@code include_tables} does not match.
     *
     * @throws FatalException naming the first such partition ({@link #partitionNotCaptured})
     */
    public static void requireLeavesCaptured(Connection sql, Collection<TableId> parents, Predicate<TableId> captures,
                                             String source) throws SQLException {
        for (TableId parent : parents) {
            for (TableId leaf : leaves(sql, parent)) {
                if (!captures.test(leaf)) throw partitionNotCaptured(source, leaf, parent);
            }
        }
    }

    /**
     * The error of a partition of a captured partitioned table met while the source runs that it does not capture:
     * PostgreSQL publishes its changes through the parent, under its own name, and skipping them would lose the
     * parent's rows stored in it without a trace.
     */
    public static FatalException partitionNotCaptured(String source, TableId partition, TableId parent) {
        return new FatalException(source + ": " + partition + " is a partition of the captured partitioned table "
                + parent + ", and is not captured (created or attached after the start, and include_tables does not"
                + " match it): skipping its changes would lose them. Add it to include_tables (e.g. a glob such as "
                + parent.schema() + "." + parent.table() + "_*) and start again: the changes not yet committed are read"
                + " again");
    }

    /**
     * The tables among {@code parents} that relation {@code relationOid} is a partition of, at any depth, as the
     * catalog has it now (empty for a table that is no partition of one, or is no longer in the catalog).
     */
    public static List<TableId> partitionOfAny(Connection sql, String database, long relationOid, Set<TableId> parents)
            throws SQLException {
        List<TableId> found = new ArrayList<>();
        if (parents.isEmpty()) return found;
        try (PreparedStatement st = sql.prepareStatement(PARTITIONED_ANCESTORS)) {
            st.setLong(1, relationOid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    TableId ancestor = new TableId(database, rs.getString(1), rs.getString(2));
                    if (parents.contains(ancestor)) found.add(ancestor);
                }
            }
        }
        return found;
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

    /** Whether any of {@code tables} is a partition, or partitioned. */
    static boolean anyPartitioned(Connection sql, Collection<TableId> tables) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT c.relispartition OR c.relkind = 'p' FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (TableId table : tables) {
                st.setString(1, table.schema());
                st.setString(2, table.table());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) return true;
                }
            }
        }
        return false;
    }

    /** The leaf partitions of {@code parent} at every level; none for a table that is not partitioned. */
    public static List<TableId> leaves(Connection sql, TableId parent) throws SQLException {
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
