package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceOptions;
import io.cdctoolkit.engine.source.debezium.OffsetStorageCheck;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.util.List;
import java.util.Map;

/**
 * {@code connector: sqlserver-cdc}: SQL Server Change Data Capture (the database's CDC tables, filled
 * by SQL Server Agent) through Debezium's SQL Server connector.
 */
public final class SqlServerSourceFactory extends DebeziumSourceFactory {

    static final String DEFAULT_SCHEMA = "dbo";

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "sqlserver-cdc",
            List.of("sqlserver", "mssql-cdc"),
            "SQL Server change data capture from the database's CDC tables, via Debezium's embedded engine",
            options());

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    /** Each poll queries the change tables: Debezium's own default, not the log readers' 10 ms. */
    private static final long SQL_SERVER_POLL_INTERVAL_MS = 500;

    private static List<OptionSpec> options() {
        List<OptionSpec> o = DebeziumSourceOptions.withTablesQualifiedBy(DEFAULT_SCHEMA,
                DebeziumSourceOptions.common(1433, 0L, SQL_SERVER_POLL_INTERVAL_MS,
                        "initial", "never", "no_data", "always", "when_needed", "recovery"));
        o.add(OptionSpec.string("schema").defaultValue(DEFAULT_SCHEMA)
                .doc("Default schema for unqualified table names").build());
        o.add(OptionSpec.bool("encrypt").defaultValue(true).doc("Encrypt connections (TLS)").build());
        o.add(OptionSpec.bool("trust_server_certificate").defaultValue(false)
                .doc("Accept the server's certificate without validation (self-signed test servers)").build());
        return o;
    }

    @Override
    protected String connectorClass() {
        return PasswordMaskingSqlServerConnector.class.getName();
    }

    @Override
    protected boolean usesSchemaHistory() {
        return true;
    }

    @Override
    protected boolean hasSchemaLevel() {
        return true;
    }

    @Override
    protected String qualifyTable(String glob, Options options) {
        return glob.contains(".") ? glob : options.string("schema") + "." + glob;
    }

    @Override
    protected void connectorProperties(Options options, ComponentContext context, Map<String, String> p) {
        p.put("database.names", options.string("database"));
        // database.* properties reach the JDBC driver with the prefix removed.
        p.put("database.encrypt", String.valueOf(options.bool("encrypt")));
        p.put("database.trustServerCertificate", String.valueOf(options.bool("trust_server_certificate")));
        p.put("include.schema.changes", "false");
        if (options.stringList("include_tables").isEmpty()) {
            p.put("schema.include.list", io.cdctoolkit.engine.data.Globs.toRegex(options.string("schema")));
        }
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        return OffsetStorageCheck.added(new SqlServerInspector(this, options).check(), options);
    }

    @Override
    public List<DiscoveredTable> discover(Options options, ComponentContext context) throws ConnectivityException {
        return new SqlServerInspector(this, options).discover();
    }
}
