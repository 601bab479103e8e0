package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.DiscoveredTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The captured tables, their columns and primary keys, read from two catalog queries. Both return
 * the table's namespace (schema, or database where there is no schema level) and name in their
 * first two columns; the columns query has a row per column in column order, the primary keys query
 * the key's column names (third column) in key order.
 */
public final class TableDiscovery {

    /** Reads one column's name, type and nullability from a row of the columns query. */
    @FunctionalInterface
    public interface ColumnReader {
        DiscoveredTable.Column read(ResultSet row) throws SQLException;
    }

    private final String columnsQuery;
    private final String primaryKeysQuery;
    private final TableFilter filter;
    private final BiFunction<String, String, TableId> tableId;
    private final ColumnReader column;

    /**
     * @param filter  which {@code namespace.table} names are captured
     * @param tableId the table's id from its namespace and name
     */
    public TableDiscovery(String columnsQuery, String primaryKeysQuery, TableFilter filter,
                          BiFunction<String, String, TableId> tableId, ColumnReader column) {
        this.columnsQuery = columnsQuery;
        this.primaryKeysQuery = primaryKeysQuery;
        this.filter = filter;
        this.tableId = tableId;
        this.column = column;
    }

    /**
     * The captured tables, and the names of all the tables the columns query shows (captured or not).
     *
     * @param captured the captured tables in the order of the columns query
     * @param shown    every table's {@code namespace.table} the query returned, before include/exclude
     */
    public record Listing(List<DiscoveredTable> captured, Set<String> shown) {
    }

    /** The captured tables in the order of the columns query. */
    public List<DiscoveredTable> tables(Connection c) throws SQLException {
        return listing(c).captured();
    }

    /** The captured tables and the names of every table shown ({@code check}: what include_tables matches). */
    public Listing listing(Connection c) throws SQLException {
        Map<String, List<DiscoveredTable.Column>> columns = new LinkedHashMap<>();
        Map<String, TableId> ids = new LinkedHashMap<>();
        Set<String> shown = new LinkedHashSet<>();
        try (PreparedStatement st = c.prepareStatement(columnsQuery); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "." + rs.getString(2);
                shown.add(key);
                if (!filter.captures(key)) continue;
                ids.putIfAbsent(key, tableId.apply(rs.getString(1), rs.getString(2)));
                columns.computeIfAbsent(key, k -> new ArrayList<>()).add(column.read(rs));
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(primaryKeysQuery); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
            }
        }
        List<DiscoveredTable> out = new ArrayList<>();
        ids.forEach((key, id) -> out.add(new DiscoveredTable(id, columns.get(key), keys.getOrDefault(key, List.of()))));
        return new Listing(out, shown);
    }
}
