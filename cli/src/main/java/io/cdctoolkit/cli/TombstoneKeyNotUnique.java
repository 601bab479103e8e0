package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.util.List;
import java.util.Optional;

/**
 * A table whose deletes get tombstones while its records are keyed by fields that need not be unique, for {@code
 * check}: the transforms key it by columns that leave out part of the table's own key ({@code value_to_key} by a
 * customer id), or the table has no key and the transforms made one. Rows can then share a record key, and on a
 * compacted topic — what tombstones are for — compaction keeps one record per key, and one row's delete tombstones
 * every row of its key. Said only where tombstones are written (the {@code tombstones} feature covers the table, or a
 * transform turns deletes into tombstones): elsewhere a record key need not be unique.
 *
 * @param table   the table
 * @param own     the table's own key fields, as its reader keys it (empty: no key)
 * @param records the key fields of its records after the transforms
 */
record TombstoneKeyNotUnique(TableId table, List<String> own, List<String> records) {

    TombstoneKeyNotUnique {
        own = List.copyOf(own);
        records = List.copyOf(records);
    }

    /**
     * The table's case, if its records' key (after the transforms, {@code outputs}) leaves out part of its own key and
     * its deletes get tombstones ({@code tombstoneStage}: the {@code tombstones} feature covers the table).
     */
    static Optional<TombstoneKeyNotUnique> of(TableSchemas schemas, List<EventShape> outputs, boolean tombstoneStage) {
        boolean tombstones = tombstoneStage || outputs.stream().anyMatch(EventShape::isTombstone);
        if (!tombstones) return Optional.empty();
        List<String> own = EventFields.of(schemas.key());
        for (EventShape shape : outputs) {
            if (shape.isTombstone()) continue;
            List<String> records = EventFields.of(shape.key());
            if (!records.isEmpty() && (own.isEmpty() || !records.containsAll(own))) {
                return Optional.of(new TombstoneKeyNotUnique(schemas.table(), own, records));
            }
        }
        return Optional.empty();
    }

    String message() {
        String ownKey = own.isEmpty() ? "it has no key of its own, so nothing makes that unique"
                : "which leaves out part of its own key (" + String.join(", ", own) + ")";
        return "table " + table + ": its deletes get tombstones and its records are keyed "
                + EventFields.keyedBy(records) + ", " + ownKey + ": rows can share a record key, and on a compacted"
                + " topic one row's delete removes the records of every row of that key";
    }

    String fix() {
        return own.isEmpty() ? "key the records by columns that are unique (a primary key), or turn tombstones off"
                : "keep " + String.join(", ", own) + " in the record key (value_to_key fields), or turn tombstones off";
    }
}
