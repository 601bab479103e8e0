package io.cdctoolkit.engine.data;

import java.util.Objects;

/**
 * Identity of a captured table. {@code schema} is {@code null} for sources without a schema level
 * (MySQL/MariaDB), {@code database} may be {@code null} where the source has none (datagen namespaces).
 *
 * @param database database (catalog) name, may be null
 * @param schema   schema name, may be null
 * @param table    table name, never null
 */
public record TableId(String database, String schema, String table) {

    public TableId {
        Objects.requireNonNull(table, "table");
    }

    /** Dotted form {@code database.schema.table}, leaving out absent levels. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (database != null) sb.append(database).append('.');
        if (schema != null) sb.append(schema).append('.');
        return sb.append(table).toString();
    }

    /** The first five of {@code tables}, comma-separated, then {@code …} when there are more: for messages. */
    public static String firstNames(java.util.Collection<TableId> tables) {
        String first = tables.stream().limit(5).map(TableId::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        return tables.size() > 5 ? first + ", …" : first;
    }
}
