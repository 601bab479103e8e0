package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

import java.util.List;
import java.util.Objects;

/**
 * A table a source can capture, as {@link SourceInspector#discover} reports it.
 *
 * @param id         the table's identity (MySQL/MariaDB have no schema level)
 * @param columns    columns in ordinal order
 * @param primaryKey primary-key column names in key order; empty when the table has none
 */
public record DiscoveredTable(TableId id, List<Column> columns, List<String> primaryKey) {

    public DiscoveredTable {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * One column.
     *
     * @param name     column name
     * @param type     the database's type as it spells it, e.g. {@code numeric(10,2)}, {@code varchar(255)}
     * @param nullable whether it accepts NULL
     */
    public record Column(String name, String type, boolean nullable) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
