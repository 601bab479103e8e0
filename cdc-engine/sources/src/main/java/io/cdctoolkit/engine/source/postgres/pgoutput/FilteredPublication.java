package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.spi.FatalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * A publication of {@code publication_autocreate: filtered}, both engines': created for the captured tables, or
 * brought to them — and left alone when it already holds exactly those, as Debezium's own filtered mode does. An
 * {@code ALTER PUBLICATION … SET TABLE} at every start would also take a lock on every captured table (waiting behind
 * a {@code VACUUM} or {@code CREATE INDEX CONCURRENTLY} on one) and drop the row filters and column lists of a
 * publication made by hand (PostgreSQL sets each table anew), as the native engine's start did until 2026-12-03.
 * Tables are named {@code "schema"."table"} ({@link #member}).
 */
public final class FilteredPublication {

    /**
     * What it holds: the tables it sends changes of ({@code pg_publication_tables}: the partitions of a partitioned
     * table named in it, the tables of a schema named in it) and the tables named in it ({@code pg_publication_rel}:
     * such a partitioned table itself).
     */
    private static final String MEMBERS = """
            SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?
            UNION SELECT n.nspname, c.relname FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid
            JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.pubname = ?""";

    private final String name;

    /** @param name the publication's name, as in {@code pg_publication.pubname} */
    public FilteredPublication(String name) {
        this.name = name;
    }

    /** A table as this class names it: {@code "schema"."table"}. */
    public static String member(String schema, String table) {
        return Snapshotter.quote(schema) + "." + Snapshotter.quote(table);
    }

    /**
     * Creates it for {@code tables} ({@link #member}s; none: a publication without tables), or sets its tables to
     * them when it holds others. On a standby, which cannot change a publication, only checks that it already holds
     * them.
     *
     * @param viaPartitionRoot whether to create it {@code WITH (publish_via_partition_root = true)}
     * @return the tables it publishes from now on and did not before (all of them when it was created): PostgreSQL
     *         decodes none of their changes made before this moment
     * @throws FatalException when it exists {@code FOR ALL TABLES} (which cannot be narrowed) and holds others, or
     *                        when on a standby it is missing or holds others (naming the statement for the primary)
     */
    public Set<String> bringTo(Connection sql, Set<String> tables, boolean viaPartitionRoot, String source)
            throws SQLException {
        Set<String> members = members(sql);
        if (members != null && (tables.isEmpty() || members.equals(tables))) return Set.of();
        if (members != null && allTables(sql)) {
            throw new FatalException(source + ": publication " + name + " is FOR ALL TABLES and cannot be narrowed"
                    + " to the captured tables; set publication_autocreate: all_tables (or disabled) to use it as"
                    + " it is, or drop it for the source to create its own");
        }
        String statement = members == null ? createStatement(tables, viaPartitionRoot) : alterStatement(tables);
        if (StandbyServer.is(sql)) {
            // PostgreSQL's own refusal would be "cannot execute … in a read-only transaction".
            throw new FatalException(source + ": on a standby the publication cannot be created or changed, and "
                    + (members == null ? "publication " + name + " does not exist"
                    : "publication " + name + " holds " + members + ", not the captured tables " + tables)
                    + "; create or alter it on the primary: " + statement);
        }
        execute(sql, statement);
        Set<String> added = new TreeSet<>(tables);
        if (members != null) added.removeAll(members);
        return added;
    }

    /** The tables it holds, as {@link #member}s, or null when it does not exist. */
    public Set<String> members(Connection sql) throws SQLException {
        if (!exists(sql)) return null;
        Set<String> members = new TreeSet<>();
        try (PreparedStatement st = sql.prepareStatement(MEMBERS)) {
            st.setString(1, name);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) members.add(member(rs.getString(1), rs.getString(2)));
            }
        }
        return members;
    }

    /** Whether it exists in the database of {@code sql}. */
    public boolean exists(Connection sql) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {@code CREATE PUBLICATION} for {@code tables} ({@link #member}s; none: without tables). */
    public String createStatement(Set<String> tables, boolean viaPartitionRoot) {
        return "CREATE PUBLICATION " + Snapshotter.quote(name)
                + (tables.isEmpty() ? "" : " FOR TABLE " + String.join(", ", tables))
                + (viaPartitionRoot ? " WITH (publish_via_partition_root = true)" : "");
    }

    /** {@code ALTER PUBLICATION … SET TABLE} to {@code tables} ({@link #member}s). */
    public String alterStatement(Set<String> tables) {
        return "ALTER PUBLICATION " + Snapshotter.quote(name) + " SET TABLE " + String.join(", ", tables);
    }

    private boolean allTables(Connection sql) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void execute(Connection sql, String statement) throws SQLException {
        try (Statement st = sql.createStatement()) {
            st.execute(statement);
        }
    }
}
