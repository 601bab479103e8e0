package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What an existing publication leaves out of the stream, which the source cannot read back: operations it does not
 * publish ({@code WITH (publish = 'insert')}: the other changes never leave the server), and, from PostgreSQL 15, a
 * row filter ({@code FOR TABLE t WHERE (…)}) or a column list ({@code FOR TABLE t (a, b)}) on a captured table — the
 * stream sends only the filter's rows and the list's columns, and an {@code UPDATE} moving a row into or out of a row
 * filter arrives as a create or a delete. Both engines' snapshots copy only the filter's rows too; of a column list the
 * Debezium engine's snapshot copies every column, the native engine's only the listed ones. The toolkit creates its
 * publications without any of these; one made by hand may have them. {@code check} warns, and so does the start.
 *
 * <p>And {@code publish_via_partition_root} (PostgreSQL 13+) on a publication holding partitions of a captured
 * partitioned table: their changes then arrive under the partitioned table, while both engines read a captured
 * partitioned table through its partitions — the snapshot's rows would go to the partitions' topics and the changes of
 * the same rows to the partitioned table's. Unless the source reads partitioned tables as one (the Debezium engine with
 * {@code debezium.publish.via.partition.root: true}), {@code check} fails and the start stops, naming the fix.
 *
 * @param publication        the publication's name
 * @param unpublished        the operations it does not publish, among insert, update, delete
 * @param tables             the captured tables it filters
 * @param viaRoot            whether it publishes partitions' changes under their partitioned table
 * @param capturedPartitions the captured tables that are partitions (of a partitioned table)
 */
record PublicationFilters(String publication, List<String> unpublished, List<FilteredTable> tables, boolean viaRoot,
                          List<TableId> capturedPartitions) {

    /** A captured table's row filter ({@code null}: none) and column list ({@code null}: every column). */
    record FilteredTable(TableId table, String rowFilter, String columns) {
    }

    private static final String OPERATIONS = """
            SELECT pubinsert, pubupdate, pubdelete FROM pg_publication WHERE pubname = ?""";
    /** PostgreSQL 13+: {@code pubviaroot}. */
    private static final String VIA_ROOT = "SELECT pubviaroot FROM pg_publication WHERE pubname = ?";
    private static final String PARTITIONS = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relispartition ORDER BY n.nspname, c.relname""";
    /** PostgreSQL 15+: {@code prqual} and {@code prattrs}. */
    private static final String FILTERED_TABLES = """
            SELECT n.nspname, c.relname, pg_get_expr(r.prqual, r.prrelid),
                   (SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) FROM pg_attribute a
                    WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs))
            FROM pg_publication p JOIN pg_publication_rel r ON r.prpubid = p.oid
            JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE p.pubname = ? AND (r.prqual IS NOT NULL OR r.prattrs IS NOT NULL)
            ORDER BY n.nspname, c.relname""";

    /**
     * The filters of {@code publication} (none when it does not exist yet: the toolkit creates it without any) on the
     * tables {@code captured} accepts.
     */
    static PublicationFilters read(Connection sql, String database, String publication, Predicate<TableId> captured)
            throws SQLException {
        List<String> unpublished = new ArrayList<>();
        try (PreparedStatement st = sql.prepareStatement(OPERATIONS)) {
            st.setString(1, publication);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return new PublicationFilters(publication, List.of(), List.of(), false, List.of());
                if (!rs.getBoolean(1)) unpublished.add("insert");
                if (!rs.getBoolean(2)) unpublished.add("update");
                if (!rs.getBoolean(3)) unpublished.add("delete");
            }
        }
        List<FilteredTable> tables = new ArrayList<>();
        if (sql.getMetaData().getDatabaseMajorVersion() >= 15) {
            try (PreparedStatement st = sql.prepareStatement(FILTERED_TABLES)) {
                st.setString(1, publication);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        TableId table = new TableId(database, rs.getString(1), rs.getString(2));
                        if (captured.test(table)) tables.add(new FilteredTable(table, rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        int major = sql.getMetaData().getDatabaseMajorVersion();
        boolean viaRoot = major >= 13 && bool(sql, VIA_ROOT, publication);
        List<TableId> partitions = viaRoot ? CapturedCatalogTables.select(sql, PARTITIONS, database, captured) : List.of();
        return new PublicationFilters(publication, List.copyOf(unpublished), List.copyOf(tables), viaRoot,
                List.copyOf(partitions));
    }

    private static boolean bool(Connection sql, String query, String parameter) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement(query)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Whether the publication sends the changes of captured partitions under their partitioned table while the source
     * reads them as partitions ({@code readsViaRoot}: whether it reads partitioned tables as one instead).
     */
    boolean splitsPartitions(boolean readsViaRoot) {
        return viaRoot && !readsViaRoot && !capturedPartitions.isEmpty();
    }

    /** The check of {@link #splitsPartitions}: a FAIL with the fix, or a PASS. */
    PrerequisiteCheck viaRootCheck(boolean readsViaRoot, boolean debeziumEngine) {
        if (!splitsPartitions(readsViaRoot)) {
            return PrerequisiteCheck.pass("publication_via_root", "publication " + publication
                    + (viaRoot ? " sends partitions' changes under their partitioned table, which the source reads as one"
                            + " table, or holds no captured partition" : " sends partitions' changes under their own names"));
        }
        return PrerequisiteCheck.fail("publication_via_root", viaRootProblem(), viaRootFix(debeziumEngine));
    }

    /** The reason the start stops for {@link #splitsPartitions}, with the fix. */
    String viaRootProblem() {
        return "publication " + publication + " has publish_via_partition_root on: the changes of the captured"
                + " partitions " + capturedPartitions + " would arrive under their partitioned table, while their"
                + " snapshot rows arrive under the partitions — the same rows in two topics";
    }

    /** How to make the publication and the source agree. */
    static String viaRootFix(boolean debeziumEngine) {
        return "ALTER PUBLICATION … SET (publish_via_partition_root = false);"
                + (debeziumEngine ? " or read partitioned tables as one: debezium: { publish.via.partition.root: true }"
                        : " (engine: native reads partitioned tables through their partitions)");
    }

    /** Whether the publication leaves nothing out. */
    boolean none() {
        return unpublished.isEmpty() && tables.isEmpty();
    }

    /**
     * One WARN per thing left out, each with its fix.
     *
     * @param debeziumEngine whether the Debezium engine reads: its snapshot copies every column, the native engine's
     *                       only those the publication sends
     *                       ({@link io.cdctoolkit.engine.source.postgres.pgoutput.PublishedTables})
     */
    List<PrerequisiteCheck> checks(boolean debeziumEngine) {
        List<PrerequisiteCheck> items = new ArrayList<>();
        if (!unpublished.isEmpty()) {
            items.add(PrerequisiteCheck.warn("publication_operations", operationsProblem(),
                    "ALTER PUBLICATION " + publication + " SET (publish = 'insert, update, delete, truncate');"
                            + " (or skipped_operations, to leave changes out knowingly)"));
        }
        for (FilteredTable t : tables) {
            String name = t.table().schema() + "." + t.table().table();
            if (t.rowFilter() != null) {
                items.add(PrerequisiteCheck.warn("publication_row_filter " + name, rowFilterProblem(t),
                        "ALTER PUBLICATION " + publication + " SET TABLE … " + name + " without WHERE if the events"
                                + " should have every row; to keep rows out of the topic, use the filter transform"));
            }
            if (t.columns() != null) {
                items.add(PrerequisiteCheck.warn("publication_column_list " + name, columnListProblem(t, debeziumEngine),
                        "ALTER PUBLICATION " + publication + " SET TABLE … " + name + " without a column list"
                                + (debeziumEngine ? "" : " if the events should have every column") + "; to leave"
                                + " columns out, use column_filters"));
            }
        }
        return items;
    }

    /** The problems as one line, for the start's WARN ({@code debeziumEngine}: see {@link #checks}). */
    String problems(boolean debeziumEngine) {
        List<String> problems = new ArrayList<>();
        if (!unpublished.isEmpty()) problems.add(operationsProblem());
        for (FilteredTable t : tables) {
            if (t.rowFilter() != null) problems.add(rowFilterProblem(t));
            if (t.columns() != null) problems.add(columnListProblem(t, debeziumEngine));
        }
        return String.join("; ", problems);
    }

    private String operationsProblem() {
        return "publication " + publication + " does not publish " + String.join(", ", unpublished)
                + ": those changes never reach the source";
    }

    private String rowFilterProblem(FilteredTable t) {
        return "publication " + publication + " sends only the rows of " + t.table().schema() + "." + t.table().table()
                + " where " + t.rowFilter() + ": the events have only those (the snapshot copies only them too), and an"
                + " UPDATE moving a row into or out of them arrives as a create or a delete";
    }

    private String columnListProblem(FilteredTable t, boolean debeziumEngine) {
        return "publication " + publication + " sends only the columns " + t.columns() + " of "
                + t.table().schema() + "." + t.table().table() + (debeziumEngine
                ? ": the snapshot's rows have every column, the stream's only those"
                : ": the events have only those (engine: native's snapshot copies only them too)");
    }
}
