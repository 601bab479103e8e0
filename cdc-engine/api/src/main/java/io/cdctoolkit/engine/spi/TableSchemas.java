package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.util.Objects;
import java.util.Set;

/**
 * The schemas a source's reader gives the change events of one table, as it would emit them now.
 *
 * @param table         the table
 * @param topic         the topic the reader routes the table's events to (the source's routing)
 * @param key           the key schema, or null when the reader's events have no key (a table without a
 *                      primary key)
 * @param value         the value schema: the change-event envelope with the table's row schema in
 *                      {@code before}/{@code after} and the reader's {@code source} block
 * @param oldRowColumns the only columns the old row ({@code before}) of a delete carries when the database
 *                      writes some of them (PostgreSQL without {@code REPLICA IDENTITY FULL}: the replica
 *                      identity's columns; empty when it writes no old row); null when it carries every column,
 *                      or the source does not say
 */
public record TableSchemas(TableId table, String topic, RowSchema key, RowSchema value, Set<String> oldRowColumns) {

    public TableSchemas {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        oldRowColumns = oldRowColumns == null ? null : Set.copyOf(oldRowColumns);
    }

    /** Schemas of a table whose deletes' old rows carry every column (or whose source does not say). */
    public TableSchemas(TableId table, String topic, RowSchema key, RowSchema value) {
        this(table, topic, key, value, null);
    }

    /** These schemas, for a table whose deletes' old rows carry only {@code columns} (null: every column). */
    public TableSchemas withOldRowColumns(Set<String> columns) {
        return new TableSchemas(table, topic, key, value, columns);
    }
}
