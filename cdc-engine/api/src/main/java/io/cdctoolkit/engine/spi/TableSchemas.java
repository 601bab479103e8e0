package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.util.Objects;

/**
 * The schemas a source's reader gives the change events of one table, as it would emit them now.
 *
 * @param table the table
 * @param topic the topic the reader routes the table's events to (the source's routing)
 * @param key   the key schema, or null when the reader's events have no key (a table without a
 *              primary key)
 * @param value the value schema: the change-event envelope with the table's row schema in
 *              {@code before}/{@code after} and the reader's {@code source} block
 */
public record TableSchemas(TableId table, String topic, RowSchema key, RowSchema value) {

    public TableSchemas {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }
}
