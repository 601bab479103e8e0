package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.TableDiscovery;
import io.cdctoolkit.engine.source.debezium.TableFilter;
import io.cdctoolkit.engine.source.debezium.UnmatchedColumnFilters;
import io.cdctoolkit.engine.source.debezium.UnmatchedTableEntries;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** {@code check} and {@code discover} for SQL Server, over plain JDBC. */
final class SqlServerInspector {

    private static final String COLUMNS = """
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH,
                   c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE, c.COLUMN_DEFAULT
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

    private final SqlServerSourceFactory factory;
    private final Options options;
    private final Jdbc jdbc;
    private final TableFilter filter;
    private final TableDiscovery discovery;

    SqlServerInspector(SqlServerSourceFactory factory, Options options) {
        this.factory = factory;
        this.options = options;
        Properties props = Jdbc.login(options);
        props.setProperty("databaseName", options.string("database"));
        props.setProperty("encrypt", String.valueOf(options.bool("encrypt")));
        props.setProperty("trustServerCertificate", String.valueOf(options.bool("trust_server_certificate")));
        props.setProperty("loginTimeout", "10");
        String url = "jdbc:sqlserver://" + options.string("host") + ":" + options.integer("port");
        this.jdbc = new Jdbc(Jdbc.system("SQL Server", options), url, props);
        String database = options.string("database");
        this.filter = TableFilter.of(options, List.of(options.string("schema") + ".*"),
                glob -> factory.qualifyTable(glob, options));
        this.discovery = new TableDiscovery(COLUMNS, PRIMARY_KEYS, filter,
                (schema, table) -> new TableId(database, schema, table),
                row -> new DiscoveredTable.Column(row.getString(3),
                        typeName(row.getString(4), (Integer) row.getObject(5), (Number) row.getObject(6), (Integer) row.getObject(7)),
                        "YES".equals(row.getString(8)), row.getString(9)));
    }

    List<DiscoveredTable> discover() throws ConnectivityException {
        return jdbc.run("reading the catalog", discovery::tables);
    }

    PrerequisiteReport check() throws ConnectivityException {
        return jdbc.run("reading settings", c -> {
            SqlServerChecks checks = new SqlServerChecks(c, options.string("database"), options.string("user"));
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            TableDiscovery.Listing listing = discovery.listing(c);
            UnmatchedTableEntries.includes(filter, listing.shown(), options.string("user"), "").ifPresent(items::add);
            UnmatchedTableEntries.excludes(filter, listing.shown(), options.string("user")).ifPresent(items::add);
            factory.misspeltDebeziumProperties(options).ifPresent(items::add);
            UnmatchedColumnFilters.check(factory, options, listing.captured())
                    .ifPresent(items::add);
            items.addAll(checks.tableChecks(listing.captured()));
            return new PrerequisiteReport(jdbc.system(), items);
        });
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
