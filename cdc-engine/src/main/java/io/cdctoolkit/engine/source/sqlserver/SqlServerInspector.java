package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.TableFilter;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@code check} and {@code discover} for SQL Server, over plain JDBC. */
final class SqlServerInspector {

    private static final String COLUMNS = """
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH,
                   c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE
            FROM INFORMATION_SCHEMA.COLUMNS c
            JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_SCHEMA NOT IN ('cdc', 'sys')
            ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION""";

    private static final String PRIMARY_KEYS = """
            SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME
            FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
            JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.TABLE_SCHEMA = tc.TABLE_SCHEMA
            WHERE tc.CONSTRAINT_TYPE = 'PRIMARY KEY'
            ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.ORDINAL_POSITION""";

    private final Options options;
    private final String system;
    private final TableFilter filter;

    SqlServerInspector(Options options) {
        this.options = options;
        this.system = "SQL Server at " + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
        List<String> include = options.stringList("include_tables");
        if (include.isEmpty()) include = List.of(options.string("schema") + ".*");
        this.filter = TableFilter.of(include, options.stringList("exclude_tables"),
                glob -> glob.contains(".") ? glob : options.string("schema") + "." + glob);
    }

    List<DiscoveredTable> discover() throws ConnectivityException {
        try (Connection c = connect()) {
            return tables(c);
        } catch (SQLException e) {
            throw new ConnectivityException(system + ": reading the catalog failed: " + e.getMessage(), e);
        }
    }

    PrerequisiteReport check() throws ConnectivityException {
        try (Connection c = connect()) {
            SqlServerChecks checks = new SqlServerChecks(c, options.string("database"), options.string("user"));
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            items.addAll(checks.tableChecks(tables(c)));
            return new PrerequisiteReport(system, items);
        } catch (SQLException e) {
            throw new ConnectivityException(system + ": reading settings failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws ConnectivityException {
        Properties props = new Properties();
        props.setProperty("user", options.string("user"));
        options.optionalString("password").ifPresent(pw -> props.setProperty("password", pw));
        props.setProperty("databaseName", options.string("database"));
        props.setProperty("encrypt", String.valueOf(options.bool("encrypt")));
        props.setProperty("trustServerCertificate", String.valueOf(options.bool("trust_server_certificate")));
        props.setProperty("loginTimeout", "10");
        String url = "jdbc:sqlserver://" + options.string("host") + ":" + options.integer("port");
        return Jdbc.open(system, url, props);
    }

    private List<DiscoveredTable> tables(Connection c) throws SQLException {
        Map<String, List<DiscoveredTable.Column>> columns = new LinkedHashMap<>();
        Map<String, TableId> ids = new LinkedHashMap<>();
        String database = options.string("database");
        try (PreparedStatement st = c.prepareStatement(COLUMNS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "." + rs.getString(2);
                if (!filter.captures(key)) continue;
                ids.putIfAbsent(key, new TableId(database, rs.getString(1), rs.getString(2)));
                columns.computeIfAbsent(key, k -> new ArrayList<>()).add(new DiscoveredTable.Column(rs.getString(3),
                        typeName(rs.getString(4), (Integer) rs.getObject(5), (Number) rs.getObject(6), (Integer) rs.getObject(7)),
                        "YES".equals(rs.getString(8))));
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(PRIMARY_KEYS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
            }
        }
        List<DiscoveredTable> out = new ArrayList<>();
        ids.forEach((key, id) -> out.add(new DiscoveredTable(id, columns.get(key), keys.getOrDefault(key, List.of()))));
        return out;
    }

    /** SQL Server's spelling of a column type, e.g. {@code nvarchar(50)}, {@code decimal(10,2)}, {@code varchar(max)}. */
    static String typeName(String dataType, Integer length, Number precision, Integer scale) {
        switch (dataType) {
            case "char", "varchar", "nchar", "nvarchar", "binary", "varbinary":
                return dataType + "(" + (length == null ? "" : length == -1 ? "max" : length.toString()) + ")";
            case "decimal", "numeric":
                return dataType + "(" + precision + "," + scale + ")";
            default:
                return dataType;
        }
    }
}
