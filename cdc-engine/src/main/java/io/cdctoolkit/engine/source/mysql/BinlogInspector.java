package io.cdctoolkit.engine.source.mysql;

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

/** {@code check} and {@code discover} for MySQL and MariaDB, over plain JDBC. */
final class BinlogInspector {

    private static final String COLUMNS = """
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE
            FROM information_schema.COLUMNS c
            JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE t.TABLE_TYPE = 'BASE TABLE'
              AND c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
            ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION""";

    private static final String PRIMARY_KEYS = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
            WHERE CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    private final BinlogSourceFactory factory;
    private final Options options;
    private final String system;
    private final long serverId;
    private final TableFilter filter;

    BinlogInspector(BinlogSourceFactory factory, Options options, String sourceName) {
        this.factory = factory;
        this.options = options;
        this.system = factory.product() + " at " + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
        this.serverId = BinlogSourceFactory.serverId(options, sourceName);
        List<String> include = options.stringList("include_tables");
        if (include.isEmpty()) include = List.of(options.string("database") + ".*");
        this.filter = TableFilter.of(include, options.stringList("exclude_tables"),
                glob -> factory.qualifyTable(glob, options));
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
            BinlogChecks checks = new BinlogChecks(c, factory.product(), serverId);
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            items.add(checks.grants(options.string("database")));
            List<DiscoveredTable> tables = tables(c);
            items.add(tables.isEmpty()
                    ? PrerequisiteCheck.warn("tables", "no table matches include_tables/exclude_tables",
                    "check include_tables and database, or create the tables first")
                    : PrerequisiteCheck.pass("tables", tables.size() + " table(s) to capture"));
            return new PrerequisiteReport(system, items);
        } catch (SQLException e) {
            throw new ConnectivityException(system + ": reading settings failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws ConnectivityException {
        Properties props = new Properties();
        props.setProperty("user", options.string("user"));
        options.optionalString("password").ifPresent(pw -> props.setProperty("password", pw));
        props.setProperty("connectTimeout", "10000");
        props.setProperty("sslMode", factory.jdbcSslMode(options.string("ssl_mode")));
        String url = factory.jdbcScheme() + "//" + options.string("host") + ":" + options.integer("port") + "/";
        return Jdbc.open(system, url, props);
    }

    private List<DiscoveredTable> tables(Connection c) throws SQLException {
        Map<String, List<DiscoveredTable.Column>> columns = new LinkedHashMap<>();
        Map<String, TableId> ids = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(COLUMNS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "." + rs.getString(2);
                if (!filter.captures(key)) continue;
                ids.putIfAbsent(key, new TableId(rs.getString(1), null, rs.getString(2)));
                columns.computeIfAbsent(key, k -> new ArrayList<>()).add(new DiscoveredTable.Column(
                        rs.getString(3), rs.getString(4), "YES".equals(rs.getString(5))));
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
}
