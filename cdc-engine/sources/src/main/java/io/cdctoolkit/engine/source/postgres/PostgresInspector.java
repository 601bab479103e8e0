package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.TableDiscovery;
import io.cdctoolkit.engine.source.debezium.TableFilter;
import io.cdctoolkit.engine.source.debezium.UnmatchedColumnFilters;
import io.cdctoolkit.engine.source.debezium.UnmatchedTableEntries;
import io.cdctoolkit.engine.source.postgres.pgoutput.NotNullColumns;
import io.cdctoolkit.engine.source.postgres.pgoutput.PartitionedTables;
import io.cdctoolkit.engine.source.postgres.pgoutput.StandbyServer;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** {@code check} and {@code discover} for PostgreSQL, over plain JDBC. */
final class PostgresInspector {

    private static final String COLUMNS = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT {holds_no_null}
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p' AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname, c.relname, a.attnum""".replace("{holds_no_null}", NotNullColumns.holdsNoNull("a"));

    private static final String PRIMARY_KEYS = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
            WHERE i.indisprimary
            ORDER BY n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)""";

    private final PostgresSourceFactory factory;
    private final Options options;
    private final Jdbc jdbc;
    private final String slot;
    private final String publication;
    private final TableDiscovery discovery;
    private final TableFilter filter;

    PostgresInspector(PostgresSourceFactory factory, Options options, String sourceName) {
        this.factory = factory;
        this.options = options;
        this.jdbc = jdbc(options);
        this.slot = PostgresSourceFactory.slotName(options, sourceName);
        this.publication = PostgresSourceFactory.publicationName(options, sourceName);
        // Without include_tables, a set schema is all the reader captures.
        List<String> schemaOnly = options.optionalString("schema").map(s -> List.of(s + ".*")).orElse(List.of());
        String database = options.string("database");
        this.filter = TableFilter.of(options, schemaOnly, glob -> factory.qualifyTable(glob, options));
        this.discovery = new TableDiscovery(COLUMNS, PRIMARY_KEYS, filter,
                (schema, table) -> new TableId(database, schema, table),
                row -> new DiscoveredTable.Column(row.getString(3), row.getString(4), row.getBoolean(5)));
    }

    /** Plain JDBC connections to the server of {@code options} (catalog queries; no replication). */
    static Jdbc jdbc(Options options) {
        Properties props = Jdbc.login(options);
        props.setProperty("sslmode", options.string("ssl_mode"));
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "cdc-toolkit");
        String url = "jdbc:postgresql://" + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
        return new Jdbc(Jdbc.system("PostgreSQL", options), url, props);
    }

    List<DiscoveredTable> discover() throws ConnectivityException {
        return jdbc.run("reading the catalog", discovery::tables);
    }

    /** As {@link #discover()}, on an open connection. */
    List<DiscoveredTable> discover(Connection c) throws SQLException {
        return discovery.tables(c);
    }

    /**
     * The captured partitioned tables, whatever their partitions ({@link CapturedPartitionsCheck} asks about those, and
     * names a partition not captured in its own words).
     */
    List<TableId> capturedPartitionedTables() throws ConnectivityException {
        return jdbc.run("reading the catalog", c -> PartitionedTables.partitionedAmong(c,
                discovery.tables(c).stream().map(DiscoveredTable::id).toList()));
    }

    /**
     * The captured partitioned tables whose leaf partitions are all captured too.
     *
     * @param source the reader's description, for the log line and the error
     * @throws io.cdctoolkit.engine.spi.FatalException when a captured partitioned table has a leaf partition that is
     *                                                 not captured (see {@link PartitionedTables})
     */
    private List<TableId> partitionedParents(Connection c, String source) throws SQLException {
        List<TableId> captured = discovery.tables(c).stream().map(DiscoveredTable::id).toList();
        return PartitionedTables.leftOut(captured, PartitionedTables.leaveOutParents(c, captured, source));
    }

    /** Whether the source captures {@code table} (include/exclude_tables, schema). */
    boolean captures(TableId table) {
        return filter.captures(table.schema() + "." + table.table());
    }

    /**
     * What the start checks, read on one connection: the unlogged tables the filter matches and what the publication
     * leaves out or splits ({@link PublicationFilters}).
     */
    StartChecks startChecks() throws ConnectivityException {
        return jdbc.run("reading the catalog", this::startChecks);
    }

    private StartChecks startChecks(Connection c) throws SQLException {
        return new StartChecks(unloggedTables(c), publicationFilters(c), rowSecurityTables(c), options.string("user"),
                options.string("database"), unvalidatedNotNull(c), moneyColumns(c));
    }

    /** The captured money columns and how the source's sessions write money ({@link MoneyColumns}). */
    private MoneyColumns moneyColumns(Connection c) throws SQLException {
        return MoneyColumns.read(c, options.string("database"), this::captures);
    }

    /** The captured columns whose not-null constraint is not validated yet ({@link UnvalidatedNotNullColumns}). */
    private UnvalidatedNotNullColumns unvalidatedNotNull(Connection c) throws SQLException {
        return UnvalidatedNotNullColumns.read(c, options.string("database"), this::captures);
    }

    /** The captured tables whose row-level security applies to the source's user ({@link RowSecurityTables}). */
    private List<TableId> rowSecurityTables(Connection c) throws SQLException {
        return RowSecurityTables.applying(c, options.string("database"), this::captures);
    }

    private PublicationFilters publicationFilters(Connection c) throws SQLException {
        return PublicationFilters.read(c, options.string("database"), publication, this::captures);
    }

    /**
     * Whether the Debezium engine's {@code debezium:} block has it read partitioned tables as one
     * ({@code publish.via.partition.root}).
     */
    private boolean readsViaRoot() {
        Map<String, String> block = new java.util.TreeMap<>();
        io.cdctoolkit.engine.source.debezium.EngineProperties.flatten("", options.map("debezium"), block);
        return Boolean.parseBoolean(block.get("publish.via.partition.root"));
    }

    /**
     * What the start checks of the catalog: the unlogged tables left out and what the publication leaves out (a WARN
     * each), and a publication that would split captured partitions' rows across two topics (it stops the start);
     * with the Debezium engine, not-null constraints not validated yet and money columns in a layout Debezium cannot
     * read stop it too (the native engine warns of the latter).
     */
    record StartChecks(List<TableId> unlogged, PublicationFilters publicationFilters, List<TableId> rowSecurity,
                       String user, String database, UnvalidatedNotNullColumns unvalidatedNotNull, MoneyColumns money) {

        /**
         * Logs a WARN for each thing left out, prefixed with {@code source}, and stops the start when the publication
         * would split captured partitions' rows ({@link PublicationFilters#splitsPartitions}).
         *
         * @param readsViaRoot whether the source reads partitioned tables as one (see {@link PublicationFilters})
         * @throws FatalException when the publication would split captured partitions' rows across two topics, or the
         *                        Debezium engine would read a column whose not-null constraint is not validated
         */
        void enforce(org.slf4j.Logger log, String source, boolean readsViaRoot, boolean debeziumEngine) {
            if (!unlogged.isEmpty()) log.warn("{}: {}", source, UnloggedTables.reason(unlogged));
            if (!publicationFilters.none()) log.warn("{}: {}", source, publicationFilters.problems(debeziumEngine));
            if (!rowSecurity.isEmpty()) log.warn("{}: {}", source, RowSecurityTables.problem(rowSecurity, user));
            if (publicationFilters.splitsPartitions(readsViaRoot)) {
                throw new FatalException(source + ": " + publicationFilters.viaRootProblem() + ". "
                        + PublicationFilters.viaRootFix(debeziumEngine));
            }
            if (debeziumEngine && !unvalidatedNotNull.none()) {
                throw new FatalException(source + ": " + unvalidatedNotNull.problem() + ". " + UnvalidatedNotNullColumns.fix());
            }
            if (money.unreadable(debeziumEngine)) {
                if (debeziumEngine) {
                    throw new FatalException(source + ": " + money.problem(true) + ". Fix: " + money.fix(true, user, database));
                }
                log.warn("{}: {}", source, money.problem(false));
            }
        }
    }

    /** The unlogged tables the source's filter matches, which it does not capture ({@link UnloggedTables}). */
    List<TableId> unloggedTables() throws ConnectivityException {
        return jdbc.run("reading the unlogged tables", this::unloggedTables);
    }

    private List<TableId> unloggedTables(Connection c) throws SQLException {
        return UnloggedTables.matching(c, options.string("database"), this::captures);
    }

    /**
     * What the Debezium engine's start reads from the catalog, on one connection: its converters' type properties
     * ({@link #converterTypes}), what the start checks ({@link StartChecks}: among them the unlogged tables the
     * filter matches, which it leaves out) and, when {@code withParents}, the
     * partitioned tables to leave out of the snapshot ({@link #partitionedParents(Connection, String)}).
     *
     * @param source the reader's description, for the errors
     */
    DebeziumStartCatalog debeziumStartCatalog(String source, boolean withParents) throws ConnectivityException {
        return jdbc.run("reading the catalog", c -> new DebeziumStartCatalog(converterTypes(c, source),
                startChecks(c), withParents ? partitionedParents(c, source) : List.of()));
    }

    /** The Debezium engine's converters' type properties alone (its schema-only probe), see {@link #converterTypes}. */
    Map<String, String> debeziumConverterTypes(String source) throws ConnectivityException {
        return jdbc.run("reading the types", c -> converterTypes(c, source));
    }

    /**
     * The properties the toolkit's converters in the Debezium engine read the database's types from: the enum types'
     * labels ({@link PostgresEnumConverter}), the arrays of domains ({@link DomainArrayTypes}) and of composite types
     * ({@link CompositeArrayTypes}).
     *
     * @throws FatalException when the database holds a type Debezium's type registry fails on
     *                        ({@link LabellessEnumTypes}), naming the types
     */
    private static Map<String, String> converterTypes(Connection c, String source) throws SQLException {
        LabellessEnumTypes labelless = LabellessEnumTypes.read(c);
        if (!labelless.none()) {
            throw new FatalException(source + ": " + labelless.problem() + ". " + LabellessEnumTypes.fix());
        }
        Map<String, String> properties = new HashMap<>(PostgresEnumConverter.types(EnumTypes.read(c)));
        properties.putAll(DomainArrayTypes.read(c).converterProperties());
        properties.putAll(CompositeArrayTypes.read(c).converterProperties());
        return properties;
    }

    /** The catalog as the Debezium engine's start needs it ({@link #debeziumStartCatalog}). */
    record DebeziumStartCatalog(Map<String, String> converterTypes, StartChecks startChecks,
                                List<TableId> partitionedParents) {
    }

    PrerequisiteReport check() throws ConnectivityException {
        return jdbc.run("reading settings", c -> {
            TableDiscovery.Listing listing = discovery.listing(c);
            List<DiscoveredTable> tables = listing.captured();
            PostgresChecks checks = new PostgresChecks(c, options.string("user"), slot, publication,
                    options.string("publication_autocreate"));
            List<PrerequisiteCheck> items = new ArrayList<>(checks.serverChecks());
            StandbyServer.check(c, options.bool("heartbeat_message") && options.longValue("heartbeat_interval_ms") > 0)
                    .ifPresent(items::add);
            if (options.bool("slot_failover")) items.add(checks.slotFailover());
            else checks.ordinarySlotBesideStandbys().ifPresent(items::add);
            if ("debezium".equals(options.string("engine"))) {
                factory.misspeltDebeziumProperties(options).ifPresent(items::add);
                LabellessEnumTypes labelless = LabellessEnumTypes.read(c);
                if (!labelless.none()) {
                    items.add(PrerequisiteCheck.fail("debezium_type_registry", labelless.problem(),
                            LabellessEnumTypes.fix()));
                }
                UnvalidatedNotNullColumns unvalidated = unvalidatedNotNull(c);
                if (!unvalidated.none()) {
                    items.add(PrerequisiteCheck.fail("unvalidated_not_null", unvalidated.problem(),
                            UnvalidatedNotNullColumns.fix()));
                }
            }
            moneyColumns(c).check("debezium".equals(options.string("engine")), options.string("user"),
                    options.string("database")).ifPresent(items::add);
            List<TableId> unlogged = unloggedTables(c);
            if (!unlogged.isEmpty()) {
                items.add(PrerequisiteCheck.warn("unlogged_tables", UnloggedTables.reason(unlogged),
                        UnloggedTables.fix(unlogged)));
            }
            // An unlogged table has its own line above: the catalog query leaves it out of the tables shown.
            Set<String> shown = new HashSet<>(listing.shown());
            unlogged.forEach(t -> shown.add(t.schema() + "." + t.table()));
            UnmatchedTableEntries.includes(filter, shown, options.string("user"), "").ifPresent(items::add);
            UnmatchedTableEntries.excludes(filter, shown, options.string("user")).ifPresent(items::add);
            UnmatchedColumnFilters.check(factory, options, tables).ifPresent(items::add);
            List<TableId> rowSecurity = rowSecurityTables(c);
            if (!rowSecurity.isEmpty()) {
                String user = options.string("user");
                items.add(PrerequisiteCheck.fail("row_level_security", RowSecurityTables.problem(rowSecurity, user),
                        RowSecurityTables.fix(user)));
            }
            PublicationFilters publicationFilters = publicationFilters(c);
            boolean debeziumEngine = "debezium".equals(options.string("engine"));
            items.addAll(publicationFilters.checks(debeziumEngine));
            if (publicationFilters.viaRoot()) {
                items.add(publicationFilters.viaRootCheck(debeziumEngine && readsViaRoot(), debeziumEngine));
            }
            items.addAll(checks.tableChecks(tables));
            return new PrerequisiteReport(jdbc.system(), items);
        });
    }
}
