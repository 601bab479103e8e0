package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The tables a catalog query names (schema, then table, in its first two columns) that the source captures. */
final class CapturedCatalogTables {

    private CapturedCatalogTables() {
    }

    /**
     * Runs {@code query} (no parameters) and keeps the tables {@code captures} accepts, in the query's order.
     *
     * @param database the database the tables are in, for their {@link TableId}s
     */
    static List<TableId> select(Connection sql, String query, String database, Predicate<TableId> captures)
            throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (PreparedStatement st = sql.prepareStatement(query); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                TableId table = new TableId(database, rs.getString(1), rs.getString(2));
                if (captures.test(table)) tables.add(table);
            }
        }
        return tables;
    }
}
