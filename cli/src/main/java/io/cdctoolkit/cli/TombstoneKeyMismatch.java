package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table whose tombstones, as the transforms leave them, are keyed otherwise than its other records, for
 * {@code check}: a tombstone removes a key's records from a compacted topic only under the same key. The usual
 * cause is the order of the transforms: {@code extract_new_record_state} turns a delete into a tombstone, which
 * keeps the key it has then, so a {@code value_to_key} after it rekeys every record but the tombstones.
 *
 * @param table      the table
 * @param tombstones the key fields of its tombstones (empty: no key)
 * @param records    the key fields of its other records
 */
record TombstoneKeyMismatch(TableId table, List<String> tombstones, List<String> records) {

    TombstoneKeyMismatch {
        tombstones = List.copyOf(tombstones);
        records = List.copyOf(records);
    }

    /** The mismatch among {@code table}'s shapes after the transforms, if there is one. */
    static Optional<TombstoneKeyMismatch> of(TableId table, List<EventShape> outputs) {
        Set<List<String>> tombstoneKeys = new LinkedHashSet<>();
        Set<List<String>> recordKeys = new LinkedHashSet<>();
        for (EventShape shape : outputs) {
            if (shape.isTombstone()) tombstoneKeys.add(EventFields.of(shape.key()));
            else recordKeys.add(EventFields.of(shape.key()));
        }
        for (List<String> tombstone : tombstoneKeys) {
            for (List<String> record : recordKeys) {
                if (!record.isEmpty() && !record.equals(tombstone)) {
                    return Optional.of(new TombstoneKeyMismatch(table, tombstone, record));
                }
            }
        }
        return Optional.empty();
    }

    String message() {
        return "table " + table + ": its tombstones are keyed " + EventFields.keyedBy(tombstones)
                + ", its other records " + EventFields.keyedBy(records)
                + ": a tombstone does not remove the row's records from a compacted topic";
    }

    String fix() {
        return "build the key before the transform that turns deletes into tombstones (e.g. value_to_key before"
                + " extract_new_record_state)";
    }
}
