package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Debezium engine's snapshot without some captured tables: the partitioned tables whose partitions are captured
 * too (see {@code pgoutput.PartitionedTables}), left out of the snapshot as the native engine leaves them out. Their
 * rows arrive through the partitions' snapshots; snapshotted, such a table would give no row
 * ({@link OwnRowsSnapshotQuery}) but, being the first table in the snapshot's order, take the {@code first} marker
 * with it (Debezium marks the snapshot's first row {@code first} only in its first table).
 *
 * <p>They stay captured ({@code table.include.list}): Debezium keeps its publication to its captured tables, and a
 * partitioned table in the publication is what makes PostgreSQL publish the changes of partitions created later.
 * Only {@code snapshot.include.collection.list} changes: regular expressions Debezium matches against a table's
 * {@code schema.table} and its double-quoted {@code "schema"."table"}, each given a negative look-ahead for the
 * parents.
 */
final class ParentsLeftOut {

    static final String SNAPSHOT_LIST = "snapshot.include.collection.list";

    private ParentsLeftOut() {
    }

    /** The snapshot list to set over {@code properties} so that {@code parents} are not snapshotted. */
    static Map<String, String> properties(List<TableId> parents, Map<String, ?> properties) {
        if (parents.isEmpty()) return Map.of();
        String names = parents.stream().map(t -> escape(t.schema() + "." + t.table()) + "|"
                + escape('"' + t.schema().replace("\"", "\"\"") + "\".\"" + t.table().replace("\"", "\"\"") + '"'))
                .collect(Collectors.joining("|"));
        String notAParent = "(?!(?:" + names + ")$)";
        Object configured = properties.get(SNAPSHOT_LIST);
        List<String> expressions = configured == null || configured.toString().isBlank() ? List.of(".*")
                : Arrays.stream(configured.toString().split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        return Map.of(SNAPSHOT_LIST, expressions.stream().map(r -> notAParent + r).collect(Collectors.joining(",")));
    }

    private static String escape(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "\\\\$0");
    }
}
