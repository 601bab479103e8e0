package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * One row read by the snapshot's COPY, decoded with its table's plan: the values per relation column, or why a
 * column could not be read (the event is then unreadable, with the raw tuple kept for its line).
 *
 * @param table      the table's index in the snapshot's table list
 * @param tuple      the row as COPY sent it
 * @param values     the decoded values per relation column, or null when {@code unreadable}
 * @param unreadable the column that could not be decoded, or null
 */
record SnapshotRow(int table, TupleData tuple, Object[] values, UnreadableColumn unreadable) {

    /** Decodes {@code tuple} with {@code plan} (thread-safe: plans and decoders hold no mutable state). */
    static SnapshotRow decode(int table, RelationPlan plan, TupleData tuple) {
        try {
            return new SnapshotRow(table, tuple, plan.decode(tuple), null);
        } catch (UnreadableColumn e) {
            return new SnapshotRow(table, tuple, null, e);
        }
    }
}
