package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record-key fields a table's deletes cannot fill, for {@code check}: the table's deletes carry only some columns in
 * their old row (PostgreSQL without {@code REPLICA IDENTITY FULL}), and the transforms key its events by another
 * column ({@code value_to_key}), so a delete's key has null there, unlike the keys of the row's other records. Such a
 * delete (and its tombstone) lands on another key, and often another partition. The reader's own key fields are the
 * source check's ({@code replica_identity}).
 *
 * @param table         the table
 * @param oldRowColumns the columns its deletes' old rows carry
 * @param fields        the key fields no delete of it can fill, in key order
 */
record DeleteKeyGap(TableId table, Set<String> oldRowColumns, List<String> fields) {

    DeleteKeyGap {
        oldRowColumns = Set.copyOf(oldRowColumns);
        fields = List.copyOf(fields);
    }

    /** The gap of {@code schemas}' table after the transforms ({@code outputs}), if its deletes have one. */
    static Optional<DeleteKeyGap> of(TableSchemas schemas, List<EventShape> outputs) {
        Set<String> carried = schemas.oldRowColumns();
        if (carried == null || !Envelope.isEnvelope(schemas.value())) return Optional.empty();
        Set<String> columns = new HashSet<>(EventFields.columns(schemas.value()));
        Set<String> readerKey = new HashSet<>(EventFields.of(schemas.key()));
        Set<String> missing = new LinkedHashSet<>();
        for (EventShape shape : outputs) {
            // only the shapes deletes take (a filter of op != 'd', extract_new_record_state's drop leave none)
            if (!shape.operations().contains(Op.DELETE)) continue;
            for (String field : EventFields.of(shape.key())) {
                if (columns.contains(field) && !carried.contains(field) && !readerKey.contains(field)) missing.add(field);
            }
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(new DeleteKeyGap(schemas.table(), carried, new ArrayList<>(missing)));
    }

    /**
     * What such deletes do. Said of the key, not of one event: with {@code value_to_key} on the envelope a delete's
     * key has null there; after {@code extract_new_record_state} a delete may become a tombstone that keeps the
     * reader's key. Either way it is not the key of the row's other records.
     */
    String message() {
        String carries = oldRowColumns.isEmpty() ? "no old row"
                : "an old row of only " + String.join(", ", new TreeSet<>(oldRowColumns)) + " (its replica identity)";
        return "table " + table + ": the record key has " + String.join(", ", fields) + ", which its deletes cannot"
                + " fill (they carry " + carries + "): a delete, and its tombstone, get another key than the row's"
                + " other records (often another partition; log compaction keeps the row)";
    }

    String fix() {
        String name = table.schema() == null ? table.table() : table.schema() + "." + table.table();
        return "ALTER TABLE " + name + " REPLICA IDENTITY FULL; or key the events by " + String.join(", ",
                new TreeSet<>(oldRowColumns)) + " only";
    }
}
