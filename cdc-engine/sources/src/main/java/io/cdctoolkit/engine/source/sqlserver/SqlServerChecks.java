package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The SQL Server CDC prerequisites, each with its fix. */
final class SqlServerChecks {

    private final Connection connection;
    private final String database;
    private final String user;

    SqlServerChecks(Connection connection, String database, String user) {
        this.connection = connection;
        this.database = database;
        this.user = user;
    }

    List<PrerequisiteCheck> serverChecks() throws SQLException {
        List<PrerequisiteCheck> items = new ArrayList<>();
        items.add(PrerequisiteCheck.pass("server_version", "SQL Server " + scalar("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))")
                + " " + scalar("SELECT CAST(SERVERPROPERTY('Edition') AS nvarchar(128))")));
        String enabled = scalar("SELECT CAST(is_cdc_enabled AS int) FROM sys.databases WHERE name = ?", database);
        items.add("1".equals(enabled)
                ? PrerequisiteCheck.pass("cdc_database", "CDC is enabled on database " + database)
                : PrerequisiteCheck.fail("cdc_database", "CDC is not enabled on database " + database,
                "USE " + database + "; EXEC sys.sp_cdc_enable_db;"));
        items.add(agent());
        String cdcSelect = scalar("SELECT HAS_PERMS_BY_NAME('cdc', 'SCHEMA', 'SELECT')");
        items.add("1".equals(cdcSelect) || !"1".equals(enabled)
                ? PrerequisiteCheck.pass("cdc_permissions", user + " may read the change tables")
                : PrerequisiteCheck.fail("cdc_permissions", user + " cannot SELECT from schema cdc",
                "GRANT SELECT ON SCHEMA::cdc TO " + user + ";"));
        return items;
    }

    List<PrerequisiteCheck> tableChecks(List<DiscoveredTable> tables) throws SQLException {
        List<PrerequisiteCheck> items = new ArrayList<>();
        if (tables.isEmpty()) {
            items.add(PrerequisiteCheck.warn("tables", "no table matches include_tables/exclude_tables",
                    "check include_tables and schema, or create the tables first"));
        }
        for (DiscoveredTable t : tables) {
            String name = t.id().schema() + "." + t.id().table();
            String tracked = scalar("SELECT CAST(is_tracked_by_cdc AS int) FROM sys.tables WHERE object_id = OBJECT_ID(?)",
                    "[" + t.id().schema() + "].[" + t.id().table() + "]");
            items.add("1".equals(tracked)
                    ? PrerequisiteCheck.pass("cdc_table " + name, "CDC is enabled on " + name)
                    : PrerequisiteCheck.fail("cdc_table " + name, "CDC is not enabled on " + name,
                    "EXEC sys.sp_cdc_enable_table @source_schema = N'" + t.id().schema() + "', @source_name = N'"
                            + t.id().table() + "', @role_name = NULL, @supports_net_changes = 0;"));
        }
        return items;
    }

    private PrerequisiteCheck agent() throws SQLException {
        try {
            String status = scalar("SELECT status_desc FROM sys.dm_server_services WHERE servicename LIKE 'SQL Server Agent%'");
            if ("Running".equalsIgnoreCase(status)) return PrerequisiteCheck.pass("sql_server_agent", "SQL Server Agent is running");
            return PrerequisiteCheck.fail("sql_server_agent", "SQL Server Agent is " + (status.isEmpty() ? "not installed" : status)
                    + ": change tables stay empty without it", "start SQL Server Agent (Linux: mssql-conf set sqlagent.enabled "
                    + "true and restart; containers: MSSQL_AGENT_ENABLED=true)");
        } catch (SQLException e) {
            return PrerequisiteCheck.warn("sql_server_agent", "cannot tell whether SQL Server Agent runs: " + e.getMessage(),
                    "GRANT VIEW SERVER STATE TO " + user + "; or check the agent yourself");
        }
    }

    /** As {@link Jdbc#scalar}, but SQL NULL too is {@code ""}. */
    private String scalar(String sql, String... args) throws SQLException {
        return Objects.requireNonNullElse(Jdbc.scalar(connection, sql, args), "");
    }
}
