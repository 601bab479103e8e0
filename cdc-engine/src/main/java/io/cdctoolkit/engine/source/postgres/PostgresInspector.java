package io.cdctoolkit.engine.source.postgres;

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

/** {@code check} and {@code discover} for PostgreSQL, over plain JDBC. */
final class PostgresInspector {

    private static final String COLUMNS = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname, c.relname, a.attnum""";

    private static final String PRIMARY_KEYS = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
            WHERE i.indisprimary
            ORDER BY n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)""";

    private final Options options;
    private final String system;
    private final String slot;
    private final String publication;
    private final TableFilter filter;

    PostgresInspector(Options options, String sourceName) {
        this.options = options;
        this.system = "PostgreSQL at " + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
        this.slot = PostgresSourceFactory.slotName(options, sourceName);
        this.publication = PostgresSourceFactory.publicationName(options, sourceName);
        List<String> include = options.stringList("include_tables");
        if (include.isEmpty() && options.optionalString("schema").isPresent()) {
            include = List.of(options.string("schema") + ".*");
        }
        this.filter = TableFilter.of(include, options.stringList("exclude_tables"),
                glob -> glob.contains(".") ? glob
                        : options.optionalString("schema").orElse(PostgresSourceFactory.DEFAULT_SCHEMA) + "." + glob);
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
            List<DiscoveredTable> tables = tables(c);
            PostgresChecks checks = new PostgresChecks(c, options.string("user"), slot, publication,
                    options.string("publication_autocreate"));
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            items.addAll(checks.tableChecks(tables));
            return new PrerequisiteReport(system, items);
        } catch (SQLException e) {
            throw new ConnectivityException(system + ": reading settings failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws ConnectivityException {
        Properties props = new Properties();
        props.setProperty("user", options.string("user"));
        options.optionalString("password").ifPresent(pw -> props.setProperty("password", pw));
        props.setProperty("sslmode", options.string("ssl_mode"));
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "cdc-toolkit");
        String url = "jdbc:postgresql://" + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
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
                columns.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new DiscoveredTable.Column(rs.getString(3), rs.getString(4), rs.getBoolean(5)));
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
