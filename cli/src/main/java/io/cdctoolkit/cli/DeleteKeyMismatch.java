package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table whose deletes, as the transforms leave them, are keyed otherwise than its inserts, reads and updates on the
 * same topic, for {@code check}: a delete then lands on another key than the row's other records (often another
 * partition, so consumers may see it before them, and log compaction keeps the row). The usual cause is a predicate:
 * {@code value_to_key} with {@code predicate: {operations: [c, r, u]}} rekeys every record but the deletes. Tombstones
 * are {@link TombstoneKeyMismatch}'s.
 *
 * @param table   the table
 * @param topic   the topic both go to
 * @param deletes the key fields of its deletes (empty: no key)
 * @param records the key fields of its other records
 */
record DeleteKeyMismatch(TableId table, String topic, List<String> deletes, List<String> records) {

    private static final Set<Op> ROW_CHANGES = Set.of(Op.CREATE, Op.READ, Op.UPDATE);

    DeleteKeyMismatch {
        deletes = List.copyOf(deletes);
        records = List.copyOf(records);
    }

    /** The mismatch among {@code table}'s shapes after the transforms, if there is one. */
    static Optional<DeleteKeyMismatch> of(TableId table, List<EventShape> outputs) {
        for (EventShape delete : outputs) {
            if (delete.isTombstone() || !delete.operations().contains(Op.DELETE)) continue;
            Set<List<String>> recordKeys = new LinkedHashSet<>();
            for (EventShape record : outputs) {
                if (record.isTombstone() || !record.topic().equals(delete.topic())) continue;
                if (record.operations().stream().anyMatch(ROW_CHANGES::contains)) {
                    recordKeys.add(EventFields.of(record.key()));
                }
            }
            List<String> deleteKey = EventFields.of(delete.key());
            for (List<String> recordKey : recordKeys) {
                if (!recordKey.equals(deleteKey)) {
                    return Optional.of(new DeleteKeyMismatch(table, delete.topic(), deleteKey, recordKey));
                }
            }
        }
        return Optional.empty();
    }

    String message() {
        return "table " + table + ": its deletes are keyed " + EventFields.keyedBy(deletes) + ", its other records "
                + EventFields.keyedBy(records) + " (topic " + topic + "): a delete lands on another key than the row's"
                + " other records (often another partition; log compaction keeps the row)";
    }

    String fix() {
        return "key every operation alike (the transform that builds the key applied to deletes too), or drop the"
                + " deletes";
    }
}
