package io.cdctoolkit.engine.source.debezium;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tables a Debezium connector must leave out beyond the configured {@code exclude_tables}, found in the database at
 * start (tables it could not read: PostgreSQL unlogged tables, MariaDB sequences): added to {@code table.exclude.list}.
 */
public final class TableExclusions {

    static final String EXCLUDE_LIST = "table.exclude.list";

    private TableExclusions() {
    }

    /**
     * {@code table.exclude.list} with {@code qualifiedNames} ({@code schema.table} or {@code database.table}, exact)
     * added to what {@code properties} has; nothing when there are none.
     */
    public static Map<String, String> with(List<String> qualifiedNames, Map<String, ?> properties) {
        if (qualifiedNames.isEmpty()) return Map.of();
        String added = qualifiedNames.stream().map(TableExclusions::escape).collect(Collectors.joining(","));
        Object configured = properties.get(EXCLUDE_LIST);
        return Map.of(EXCLUDE_LIST, configured == null || configured.toString().isBlank() ? added : configured + "," + added);
    }

    // Debezium's lists are regular expressions, comma-separated (an escaped comma is a comma of the name).
    private static String escape(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "\\\\$0");
    }
}
