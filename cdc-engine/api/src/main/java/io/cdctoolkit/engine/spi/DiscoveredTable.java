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
     * @param name         column name
     * @param type         the database's type as it spells it, e.g. {@code numeric(10,2)}, {@code varchar(255)}
     * @param nullable     whether it accepts NULL
     * @param defaultValue where the value of a row that does not give one comes from, as the database spells it: the
     *                     column's {@code DEFAULT} expression ({@code 0}, {@code 'new'::text}, {@code nextval('…')},
     *                     {@code current_timestamp()}), an identity or auto-increment, a generated column's expression;
     *                     null when there is none (a nullable column's NULL)
     */
    public record Column(String name, String type, boolean nullable, String defaultValue) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A column without a default. */
        public Column(String name, String type, boolean nullable) {
            this(name, type, nullable, null);
        }
    }
}
