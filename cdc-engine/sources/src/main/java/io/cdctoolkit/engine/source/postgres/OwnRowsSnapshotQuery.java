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
 * row arrives once, under the table whose changes it gets, as the native engine's {@code COPY} reads it.
 *
 * <p>Found by Debezium through {@link java.util.ServiceLoader} under {@link #NAME}
 * ({@code snapshot.query.mode: custom}); public with a no-argument constructor for that.
 */
public final class OwnRowsSnapshotQuery implements SnapshotQuery {

    /** The name {@code snapshot.query.mode.custom.name} gives. */
    public static final String NAME = "cdctoolkit_own_rows";

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

    @Override
    public void configure(Map<String, ?> properties) {
        // Nothing to configure: the query depends on the table alone.
    }

    /**
     * @param tableId the table, double-quoted by Debezium ({@code "public"."readings"})
     * @param columns the captured columns, quoted; none: the table is not read (as Debezium's own query)
     */
    @Override
    public Optional<String> snapshotQuery(String tableId, List<String> columns) {
        if (columns.isEmpty()) return Optional.empty();
        return Optional.of("SELECT " + String.join(",", columns) + " FROM ONLY " + tableId);
    }
}
