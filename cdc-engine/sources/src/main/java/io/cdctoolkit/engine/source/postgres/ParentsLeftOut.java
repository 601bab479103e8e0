package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Debezium engine's table lists without some captured tables: the partitioned tables whose partitions are
 * captured too (see {@code pgoutput.PartitionedTables}), left out as the native engine leaves them out. Their
 * rows and changes arrive through the partitions; kept, such a table would still be snapshotted (with no row,
 * {@link OwnRowsSnapshotQuery}) as the snapshot's first table, and Debezium marks the snapshot's first row
 * {@code first} only in its first table.
 *
 * <p>The lists are regular expressions Debezium matches against whole {@code schema.table} names; an include
 * list gets a negative look-ahead before each of its expressions, so tables created later that match them are
 * still captured.
 */
final class ParentsLeftOut {

    private ParentsLeftOut() {
    }

    /** The table list properties to set over {@code properties} so that {@code parents} are not captured. */
    static Map<String, String> properties(List<TableId> parents, Map<String, ?> properties) {
        if (parents.isEmpty()) return Map.of();
        List<String> names = parents.stream()
                .map(t -> (t.schema() + "." + t.table()).replaceAll("[^A-Za-z0-9_]", "\\\\$0")).toList();
        Object include = properties.get("table.include.list");
        if (include != null && !include.toString().isBlank()) {
            String notAParent = "(?!(?:" + String.join("|", names) + ")$)";
            return Map.of("table.include.list", Arrays.stream(include.toString().split(","))
                    .map(String::trim).filter(r -> !r.isEmpty()).map(r -> notAParent + r).collect(Collectors.joining(",")));
        }
        Object exclude = properties.get("table.exclude.list");
        String excluded = exclude == null || exclude.toString().isBlank() ? "" : exclude + ",";
        return Map.of("table.exclude.list", excluded + String.join(",", names));
    }
}
