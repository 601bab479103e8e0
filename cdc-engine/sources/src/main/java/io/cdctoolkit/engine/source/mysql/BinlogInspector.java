package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.TopicRoutingOptions;
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

/** {@code check} and {@code discover} for MySQL and MariaDB, over plain JDBC. */
final class BinlogInspector {

    private static final String COLUMNS = """
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE,
                   CASE WHEN c.COLUMN_DEFAULT = 'NULL' AND VERSION() LIKE '%MariaDB%' THEN NULL
                        ELSE c.COLUMN_DEFAULT END,
                   c.EXTRA, c.GENERATION_EXPRESSION
            FROM information_schema.COLUMNS c
            JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
              AND c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
            ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION""";

    private static final String PRIMARY_KEYS = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
            WHERE CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    private final BinlogSourceFactory factory;
    private final Options options;
    private final Jdbc jdbc;
    private final long serverId;
    private final TableFilter filter;
    private final TableDiscovery discovery;

    BinlogInspector(BinlogSourceFactory factory, Options options, String sourceName) {
        this.factory = factory;
        this.options = options;
        Properties props = Jdbc.login(options);
        props.setProperty("connectTimeout", "10000");
        props.setProperty("sslMode", factory.jdbcSslMode(options.string("ssl_mode")));
        String url = factory.jdbcScheme() + "//" + options.string("host") + ":" + options.integer("port") + "/";
        this.jdbc = new Jdbc(Jdbc.system(factory.product(), options), url, props);
        this.serverId = BinlogSourceFactory.serverId(options, sourceName);
        this.filter = TableFilter.of(options, List.of(options.string("database") + ".*"),
                glob -> factory.qualifyTable(glob, options));
        this.discovery = new TableDiscovery(COLUMNS, PRIMARY_KEYS, filter,
                (database, table) -> new TableId(database, null, table),
                row -> new DiscoveredTable.Column(row.getString(3), row.getString(4), "YES".equals(row.getString(5)),
                        defaultValue(row.getString(6), row.getString(7), row.getString(8))));
    }

    /**
     * A column's default as {@code information_schema.COLUMNS} gives it: a generated column's expression, the
     * auto-increment, else {@code COLUMN_DEFAULT} as the server spells it (MariaDB quotes string literals; MySQL writes
     * them bare). MariaDB's {@code NULL} — a nullable column without a default, or {@code DEFAULT NULL} — comes as no
     * default ({@link #COLUMNS}), as MySQL and PostgreSQL give it.
     */
    static String defaultValue(String columnDefault, String extra, String generationExpression) {
        String attributes = extra == null ? "" : extra.toUpperCase(java.util.Locale.ROOT);
        if (generationExpression != null && !generationExpression.isEmpty()) {
            return "GENERATED ALWAYS AS (" + generationExpression + ") "
                    + (attributes.contains("STORED") || attributes.contains("PERSISTENT") ? "STORED" : "VIRTUAL");
        }
        if (attributes.contains("AUTO_INCREMENT")) return "AUTO_INCREMENT";
        return columnDefault;
    }

    private static final String SEQUENCES = """
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'SEQUENCE'
            ORDER BY TABLE_SCHEMA, TABLE_NAME""";

    /**
     * The MariaDB sequences the source's filter matches, as {@code database.sequence}: a sequence is a one-row table
     * to the binlog (each {@code NEXTVAL} writes a row event for it), but Debezium has no schema for it and stopped the
     * source at the first such event ("Encountered change event for table … whose schema isn't known").
     */
    List<String> sequences() throws ConnectivityException {
        return jdbc.run("reading the sequences", c -> {
            List<String> sequences = new java.util.ArrayList<>();
            try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(SEQUENCES)) {
                while (rs.next()) {
                    String name = rs.getString(1) + "." + rs.getString(2);
                    if (filter.captures(name)) sequences.add(name);
                }
            }
            return sequences;
        });
    }

    /** Stops a start on the other server (MySQL for mariadb-cdc, MariaDB for mysql-cdc), naming the connector to use. */
    void requireServerKind(String source) throws ConnectivityException {
        String version = jdbc.run("reading the server version", c -> {
            try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT VERSION()")) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
        java.util.Optional<String> mismatch = ServerKind.mismatch(factory.product(), version);
        if (mismatch.isPresent()) {
            throw new io.cdctoolkit.engine.spi.FatalException(source + ": " + mismatch.get() + " ("
                    + ServerKind.fix(factory.product()) + ")");
        }
    }

    /** Whether the binlog position {@code offset} resumes from has been purged ({@link PurgedResumePosition}). */
    java.util.Optional<PurgedResumePosition> purgedResumePosition(java.util.Map<String, ?> offset) throws ConnectivityException {
        return jdbc.run("reading the binary logs", c -> PurgedResumePosition.of(c, offset));
    }

    /**
     * The server's message when {@code where} is not a condition on {@code table}'s rows (a misspelt column, not a
     * boolean), else null: tried with {@code LIMIT 0} in a read-only transaction, so nothing of it is run.
     */
    String whereRefusal(TableId table, String where) throws ConnectivityException {
        return jdbc.run("checking --where", c -> {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (java.sql.Statement st = c.createStatement()) {
                st.executeQuery("SELECT 1 FROM " + BinlogSourceFactory.quote(table) + " WHERE (" + where + ") LIMIT 0")
                        .close();
                return null;
            } catch (java.sql.SQLException e) {
                return e.getMessage();
            } finally {
                c.rollback();
            }
        });
    }

    /** Whether {@code table} holds a row (where {@code where} holds, when given: a condition the command checked). */
    boolean hasRow(TableId table, String where) throws ConnectivityException {
        return jdbc.run("looking for rows", c -> {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rows = st.executeQuery("SELECT 1 FROM " + BinlogSourceFactory.quote(table)
                         + (where == null ? "" : " WHERE (" + where + ")") + " LIMIT 1")) {
                return rows.next();
            } finally {
                c.rollback();
            }
        });
    }

    List<DiscoveredTable> discover() throws ConnectivityException {
        return jdbc.run("reading the catalog", discovery::tables);
    }

    /**
     * A {@code topic_routing} with {@code {schema}}: the topic resolver gives a missing part {@code _unknown_}, and a
     * binlog table has no schema, so every topic would get it — said before the topics are made.
     */
    private java.util.Optional<PrerequisiteCheck> schemaInTopicRouting() {
        return options.optionalString(TopicRoutingOptions.TOPIC_ROUTING).filter(p -> p.contains("{schema}"))
                .map(p -> PrerequisiteCheck.warn("topic_routing", "topic_routing " + p + " uses {schema}, which "
                        + factory.product() + " tables do not have: it is _unknown_ in every topic ("
                        + p.replace("{schema}", "_unknown_") + ")", "use {database} and {table}"));
    }

    PrerequisiteReport check() throws ConnectivityException {
        return jdbc.run("reading settings", c -> {
            BinlogChecks checks = new BinlogChecks(c, factory.product(), serverId);
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            items.add(checks.grants(options.string("database")));
            items.add(checks.ddlParser());
            items.add(checks.binlogDecoder());
            items.add(checks.systemVersioned(filter::captures));
            TableDiscovery.Listing listing = discovery.listing(c);
            List<DiscoveredTable> tables = listing.captured();
            UnmatchedTableEntries.includes(filter, listing.shown(), options.string("user"), "; " + factory.product()
                    + " shows a user only the tables it has a privilege on: grant it SELECT on the table")
                    .ifPresent(items::add);
            UnmatchedTableEntries.excludes(filter, listing.shown(), options.string("user")).ifPresent(items::add);
            factory.misspeltDebeziumProperties(options).ifPresent(items::add);
            UnmatchedColumnFilters.check(factory, options, tables).ifPresent(items::add);
            items.add(tables.isEmpty()
                    ? PrerequisiteCheck.warn("tables", "no table matches include_tables/exclude_tables",
                    "check include_tables and database, or create the tables first")
                    : PrerequisiteCheck.pass("tables", tables.size() + " table(s) to capture"));
            schemaInTopicRouting().ifPresent(items::add);
            return new PrerequisiteReport(jdbc.system(), items);
        });
    }
}
