package io.cdctoolkit.engine.source.debezium;

import java.util.Set;

/**
 * Which columns the database writes into the before image (the old row) of an update or delete of
 * one table. Debezium cannot say: its value converters turn a column the database did not send into
 * a type fallback ({@code ""}, {@code 0}, {@code false}, the epoch) whenever the column is
 * {@code NOT NULL}, so the reader must know it from the table and read only what was sent.
 *
 * @param kind    full, key columns only, or no before image at all
 * @param columns the columns a {@link Kind#KEY} image carries (empty otherwise)
 */
public record BeforeImage(Kind kind, Set<String> columns) {

    /** What kind of old row the database writes. */
    public enum Kind {
        /** Every column (PostgreSQL {@code REPLICA IDENTITY FULL}, MySQL {@code binlog_row_image=FULL}, SQL Server CDC). */
        FULL,
        /** Only the replica-identity columns: the primary key, or a {@code REPLICA IDENTITY USING INDEX} index. */
        KEY,
        /** No old row at all (PostgreSQL {@code REPLICA IDENTITY NOTHING}, or no identity columns). */
        NONE,
        /**
         * Not known: the table is no longer in the catalog under the name its changes carry (dropped, or renamed,
         * after they were written). An old row whose Debezium schema has a required column may hold Debezium's
         * fallback for a value the database did not send: such an old row is unreadable ({@link #UNKNOWN}).
         */
        UNKNOWN
    }

    /** Before images carry every column: rows are read as Debezium gives them. */
    public static final BeforeImage FULL = new BeforeImage(Kind.FULL, Set.of());
    /** No before image is written. */
    public static final BeforeImage NONE = new BeforeImage(Kind.NONE, Set.of());
    /** Which columns the database wrote cannot be told (see {@link Kind#UNKNOWN}). */
    public static final BeforeImage UNKNOWN = new BeforeImage(Kind.UNKNOWN, Set.of());

    public BeforeImage {
        columns = Set.copyOf(columns);
    }

    /** Before images that carry only {@code keyColumns}; {@link #NONE} when there are none. */
    public static BeforeImage keyOnly(Set<String> keyColumns) {
        return keyColumns.isEmpty() ? NONE : new BeforeImage(Kind.KEY, keyColumns);
    }

    /** Whether a before image holds the value of {@code column}. */
    boolean carries(String column) {
        return kind == Kind.FULL || columns.contains(column);
    }
}
