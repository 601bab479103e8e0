package io.cdctoolkit.engine.source.postgres;

import io.debezium.snapshot.spi.SnapshotQuery;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Debezium engine's snapshot query for PostgreSQL tables: {@code SELECT … FROM ONLY <table>}, each table's own
 * rows. Debezium's own ({@code select_all}) reads {@code FROM <table>}, which in PostgreSQL also returns the rows
 * of the tables inheriting from it: a partitioned table's snapshot held every row of its partitions, which the
 * partitions' own snapshots held again (each row twice, under two tables), and a table with {@code INHERITS}
 * children held theirs — while the stream sends every change under the table holding the row. Read this way, each
 * row arrives once, under the table whose changes it gets, as the native engine's {@code COPY} reads it. And a table
 * the publication filters ({@code FOR TABLE t WHERE (…)}, a publication made by hand) is read with that filter, as the
 * native engine copies it: the snapshot then holds exactly the rows whose changes the stream sends, where Debezium's
 * own query held every row, of which those outside the filter would never be updated or deleted.
 *
 * <p>Found by Debezium through {@link java.util.ServiceLoader} under {@link #NAME}
 * ({@code snapshot.query.mode: custom}); public with a no-argument constructor for that.
 */
public final class OwnRowsSnapshotQuery implements SnapshotQuery {

    /** The name {@code snapshot.query.mode.custom.name} gives. */
    public static final String NAME = "cdctoolkit_own_rows";
    /** Connector properties: the publication's row filter of a table, after this prefix the table as Debezium quotes it. */
    static final String ROW_FILTER = "cdctoolkit.snapshot.row.filter.";

    /** Per table as Debezium quotes it ({@code "public"."t"}), the publication's row filter. */
    private Map<String, String> rowFilters = Map.of();

    /** Sets the connector properties {@code p} to read snapshots with this query, unless they name a query mode. */
    static void register(Map<String, String> p) {
        if (p.containsKey("snapshot.query.mode")) return; // the debezium: block's choice
        p.put("snapshot.query.mode", "custom");
        p.put("snapshot.query.mode.custom.name", NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The connector properties that give this query the publication's row filters ({@link #ROW_FILTER}). */
    static Map<String, String> rowFilterProperties(List<PublicationFilters.FilteredTable> tables) {
        Map<String, String> properties = new java.util.HashMap<>();
        for (PublicationFilters.FilteredTable t : tables) {
            if (t.rowFilter() == null) continue;
            properties.put(ROW_FILTER + quote(t.table().schema()) + "." + quote(t.table().table()), t.rowFilter());
        }
        return properties;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Reads the row filters from the connector's properties (all of them, as Debezium hands them over). */
    @Override
    public void configure(Map<String, ?> properties) {
        Map<String, String> filters = new java.util.HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(ROW_FILTER)) filters.put(key.substring(ROW_FILTER.length()), String.valueOf(value));
        });
        rowFilters = Map.copyOf(filters);
    }

    /**
     * @param tableId the table, double-quoted by Debezium ({@code "public"."readings"})
     * @param columns the captured columns, quoted; none: the table is not read (as Debezium's own query)
     */
    @Override
    public Optional<String> snapshotQuery(String tableId, List<String> columns) {
        if (columns.isEmpty()) return Optional.empty();
        String filter = rowFilters.get(tableId);
        return Optional.of("SELECT " + String.join(",", columns) + " FROM ONLY " + tableId
                + (filter == null ? "" : " WHERE " + filter));
    }
}
