package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The MySQL/MariaDB binlog prerequisites, each with its fix. */
final class BinlogChecks {

    /** Privilege → the names that grant it (MariaDB 10.5+ renamed REPLICATION CLIENT to BINLOG MONITOR). */
    private static final Map<String, List<String>> PRIVILEGES = new LinkedHashMap<>();

    static {
        PRIVILEGES.put("SELECT", List.of("SELECT"));
        PRIVILEGES.put("RELOAD", List.of("RELOAD"));
        PRIVILEGES.put("SHOW DATABASES", List.of("SHOW DATABASES"));
        PRIVILEGES.put("REPLICATION SLAVE", List.of("REPLICATION SLAVE", "REPLICATION REPLICA"));
        PRIVILEGES.put("REPLICATION CLIENT", List.of("REPLICATION CLIENT", "BINLOG MONITOR"));
    }

    private final Connection connection;
    private final String product;
    private final long readerServerId;

    BinlogChecks(Connection connection, String product, long readerServerId) {
        this.connection = connection;
        this.product = product;
        this.readerServerId = readerServerId;
    }

    List<PrerequisiteCheck> serverChecks() throws SQLException {
        List<PrerequisiteCheck> items = new ArrayList<>();
        items.add(ServerKind.versionItem(product, scalar("SELECT VERSION()")));
        String logBin = scalar("SELECT @@log_bin");
        items.add("1".equals(logBin) || "ON".equalsIgnoreCase(logBin)
                ? PrerequisiteCheck.pass("log_bin", "the binary log is enabled")
                : PrerequisiteCheck.fail("log_bin", "the binary log is disabled",
                "add log_bin = mysql-bin and server_id = 1 under [mysqld] in the server config, then restart"));
        items.add(setting("binlog_format", "ROW",
                "SET GLOBAL binlog_format = 'ROW'; and binlog_format = ROW under [mysqld] (new sessions use it)"));
        items.add(setting("binlog_row_image", "FULL",
                "SET GLOBAL binlog_row_image = 'FULL'; and binlog_row_image = FULL under [mysqld]"));
        items.add(zeroDates(scalar("SELECT @@GLOBAL.sql_mode")));
        long serverId = Long.parseLong(scalar("SELECT @@server_id"));
        if (serverId == 0) {
            items.add(PrerequisiteCheck.fail("server_id", "server_id is 0 (replication disabled)",
                    "set server_id = 1 under [mysqld], then restart"));
        } else if (serverId == readerServerId) {
            items.add(PrerequisiteCheck.fail("server_id", "the reader's server_id " + readerServerId
                    + " equals the server's", "set server_id in the source config to an unused id"));
        } else {
            items.add(PrerequisiteCheck.pass("server_id", "server_id is " + serverId + ", the reader uses " + readerServerId));
        }
        return items;
    }

    /**
     * Whether the server's {@code sql_mode} refuses zero dates ({@code '0000-00-00'}, {@code '2024-00-15'}): Debezium
     * delivers such a value as null, or as 1970-01-01 in a {@code NOT NULL} column, in snapshot and binlog alike,
     * where no reader after it can tell them from real values (docs/sources/mysql-mariadb.md, Limits). A warning:
     * a session can still set its own {@code sql_mode}.
     */
    static PrerequisiteCheck zeroDates(String sqlMode) {
        List<String> modes = List.of(sqlMode.toUpperCase(Locale.ROOT).split(","));
        boolean refused = modes.contains("TRADITIONAL") || (modes.contains("NO_ZERO_DATE") && modes.contains("NO_ZERO_IN_DATE"));
        return refused
                ? PrerequisiteCheck.pass("zero_dates", "sql_mode refuses zero dates (NO_ZERO_DATE, NO_ZERO_IN_DATE)")
                : PrerequisiteCheck.warn("zero_dates", "sql_mode allows zero dates ('0000-00-00', a month or day 0):"
                        + " Debezium delivers them as null, or as 1970-01-01 in a NOT NULL column, indistinguishable from"
                        + " real values", "SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_ZERO_DATE,NO_ZERO_IN_DATE');"
                        + " (and sql_mode under [mysqld]); correct the zero dates the tables already hold");
    }

    // Column types the server has and Debezium's DDL parser (3.5) does not know: MariaDB's INET4 and INET6.
    private static final String UNPARSEABLE_COLUMNS = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS
            WHERE DATA_TYPE IN ('inet4', 'inet6')
              AND TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";
    /** How many such columns the check names. */
    private static final int NAMED_COLUMNS = 10;

    /**
     * Whether the server has a column Debezium's DDL parser cannot parse (MariaDB's {@code INET4}, {@code INET6}).
     * Debezium reads the {@code CREATE TABLE} of every table of the server at its snapshot — other databases' and
     * excluded tables' too — and parses every DDL statement of the binlog, so one such column anywhere stops every
     * source on that server ("DDL statement couldn't be parsed"), and a table with one created while a source runs
     * stops it.
     */
    PrerequisiteCheck ddlParser() throws SQLException {
        List<String> columns = new ArrayList<>();
        int count = 0;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(UNPARSEABLE_COLUMNS)) {
            while (rs.next()) {
                if (count++ < NAMED_COLUMNS) {
                    columns.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3) + " ("
                            + rs.getString(4).toUpperCase(Locale.ROOT) + ")");
                }
            }
        }
        if (count == 0) return PrerequisiteCheck.pass("ddl_parser", "no column of a type Debezium's DDL parser cannot read");
        return PrerequisiteCheck.fail("ddl_parser", "Debezium's DDL parser cannot read INET4/INET6 columns, and the source"
                        + " reads the DDL of every table on the server (other databases and excluded tables too): it cannot"
                        + " start. Found " + count + ": " + String.join(", ", columns) + (count > NAMED_COLUMNS ? ", …" : ""),
                "store those addresses in another type (e.g. VARCHAR(39), or BINARY(16) with INET6_ATON), or move those"
                        + " tables to a server no mariadb-cdc source reads");
    }

    // MariaDB's compressed columns (TEXT/BLOB/VARCHAR … COMPRESSED), whose binlog column types the binlog client lacks.
    private static final String COMPRESSED_COLUMNS = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
            WHERE COLUMN_TYPE LIKE '%COMPRESSED%'
              AND TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    /**
     * Whether the server has a MariaDB {@code COMPRESSED} column: the binlog client Debezium reads with does not know
     * their column types, and fails on the binlog events of any table holding one, captured or not — so a write to such
     * a table stops every source reading the server (and, before the {@link FencedMariaDbConnectorTask}, let the
     * changes after it through and lost it).
     */
    PrerequisiteCheck binlogDecoder() throws SQLException {
        List<String> columns = new ArrayList<>();
        int count = 0;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(COMPRESSED_COLUMNS)) {
            while (rs.next()) {
                if (count++ < NAMED_COLUMNS) columns.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3));
            }
        }
        if (count == 0) return PrerequisiteCheck.pass("binlog_decoder", "no COMPRESSED column");
        return PrerequisiteCheck.fail("binlog_decoder", "the binlog client cannot decode the rows of tables with COMPRESSED"
                        + " columns, captured or not: a write to one stops the source. Found " + count + ": "
                        + String.join(", ", columns) + (count > NAMED_COLUMNS ? ", …" : ""),
                "ALTER TABLE … MODIFY <column> <its type without COMPRESSED>, or keep those tables on a server no source"
                        + " reads");
    }

    private static final String SYSTEM_VERSIONED = """
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'SYSTEM VERSIONED'
            ORDER BY TABLE_SCHEMA, TABLE_NAME""";

    /**
     * Whether the source captures a MariaDB system-versioned table ({@code WITH SYSTEM VERSIONING}): its binlog rows
     * carry the {@code row_start}/{@code row_end} columns its DDL does not show, and Debezium stops at the first change
     * to it ("internal schema size 3, but row size 5") after snapshotting it.
     *
     * @param captures whether the source captures {@code database.table}
     */
    PrerequisiteCheck systemVersioned(java.util.function.Predicate<String> captures) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SYSTEM_VERSIONED)) {
            while (rs.next()) {
                String table = rs.getString(1) + "." + rs.getString(2);
                if (captures.test(table)) tables.add(table);
            }
        }
        if (tables.isEmpty()) return PrerequisiteCheck.pass("system_versioned", "no system-versioned table is captured");
        return PrerequisiteCheck.fail("system_versioned", "captured system-versioned table(s) " + String.join(", ", tables)
                        + ": their binlog rows carry row_start/row_end columns their DDL does not show, and Debezium stops"
                        + " at the first change to one",
                "add them to exclude_tables, or ALTER TABLE … DROP SYSTEM VERSIONING");
    }

    /** Whether the current user holds the privileges Debezium needs (globally; SELECT may be on the database). */
    PrerequisiteCheck grants(String database) throws SQLException {
        List<String> global = new ArrayList<>();
        List<String> onDatabase = new ArrayList<>();
        String user = scalar("SELECT CURRENT_USER()");
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String grant = rs.getString(1).toUpperCase(Locale.ROOT);
                if (!grant.startsWith("GRANT ")) continue;
                int on = grant.indexOf(" ON ");
                String privileges = grant.substring(6, on);
                String target = grant.substring(on + 4).split(" TO ")[0].replace("`", "").trim();
                if (target.equals("*.*")) global.add(privileges);
                else if (target.equalsIgnoreCase(database + ".*")) onDatabase.add(privileges);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : PRIVILEGES.entrySet()) {
            boolean held = holds(global, p.getValue()) || ("SELECT".equals(p.getKey()) && holds(onDatabase, p.getValue()));
            if (!held) missing.add(p.getKey());
        }
        if (missing.isEmpty()) return PrerequisiteCheck.pass("grants", user + " has the privileges CDC needs");
        String[] parts = user.split("@", 2);
        String grantee = "'" + parts[0] + "'@'" + (parts.length > 1 ? parts[1] : "%") + "'";
        return PrerequisiteCheck.fail("grants", user + " lacks " + String.join(", ", missing),
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO " + grantee + ";");
    }

    private static boolean holds(List<String> grants, List<String> names) {
        for (String g : grants) {
            if (g.contains("ALL PRIVILEGES")) return true;
            for (String n : names) {
                for (String part : g.split(",")) {
                    if (part.trim().equals(n)) return true;
                }
            }
        }
        return false;
    }

    private PrerequisiteCheck setting(String name, String expected, String fix) throws SQLException {
        String value = scalar("SELECT @@GLOBAL." + name);
        return expected.equalsIgnoreCase(value)
                ? PrerequisiteCheck.pass(name, name + " is " + value)
                : PrerequisiteCheck.fail(name, name + " is " + value + "; CDC needs " + expected, fix);
    }

    private String scalar(String sql) throws SQLException {
        return Jdbc.scalar(connection, sql);
    }
}
