package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.routing.TopicRoutingOptions;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.source.monitor.DebeziumMBeanGauges;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.SourceInspector;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.engine.routing.TopicRoutedSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.LoggerFactory;

/**
 * What the Debezium source factories share: options → Debezium properties (common mapping, the
 * connector's own, then the {@code debezium:} pass-through), column filters, the topic function and
 * the reader. A subclass names its connector class and adds its properties, checks and discovery.
 */
public abstract class DebeziumSourceFactory implements SourceFactory, SourceInspector, TopicRoutedSource {

    @Override
    public CdcReader create(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> properties = engineProperties(options, context);
        RecordConverter converter = new RecordConverter(columnFilters(options), topicResolver(options, context),
                beforeImages(options), nonTableRecords(options, context), transactionBlocks(options));
        DebeziumMBeanGauges.register(context.meterRegistry(), context.name(), properties.get("topic.prefix"),
                hasBinlog());
        String zoneSensitive = snapshotTimeZoneSensitiveValues();
        if (zoneSensitive != null) {
            JvmTimeZone.snapshotWarning(zoneSensitive).ifPresent(w -> LoggerFactory.getLogger(DebeziumSourceFactory.class)
                    .warn("{}: {}", describe(options, context), w));
        }
        DebeziumReader reader = new DebeziumReader(describe(options, context), properties, converter,
                ReaderSettings.from(options, context.stateDir()), startProperties(options, context, properties),
                offsetHandoverCheck(options, context, properties));
        BackfillSelect select = backfillSelect(options);
        return select != null ? reader.takingBackfills(select, backfillWake(options)) : reader;
    }

    /** What a start that sent backfills writes to the database so that the engine takes them; nothing by default. */
    protected BackfillWake backfillWake(Options options) {
        return BackfillWake.NONE;
    }

    /**
     * When the reader sends the backfills asked for ({@code cdc-toolkit backfill}) to the engine as blocking snapshot
     * signals ({@link BackfillSignals}): the statement reading a table's rows where a condition holds; the engine
     * properties then enable Debezium's {@code in-process} signal channel and its {@code sink} notification channel
     * (besides any the {@code debezium:} block names; the reader takes the notifications, never sends them on). Null (the
     * default): it takes none.
     */
    protected BackfillSelect backfillSelect(Options options) {
        return null;
    }

    /** What the reader checks before committed records' offsets go to Debezium; nothing by default. */
    protected OffsetHandoverCheck offsetHandoverCheck(Options options, ComponentContext context,
                                                      Map<String, String> properties) {
        return OffsetHandoverCheck.NONE;
    }

    /** What the reader reads from the database when it starts, given its engine properties; nothing by default. */
    protected StartProperties startProperties(Options options, ComponentContext context, Map<String, String> properties) {
        return StartProperties.NONE;
    }

    /** The connector's records that become events without being table changes; none by default. */
    protected NonTableRecords nonTableRecords(Options options, ComponentContext context) throws ConfigException {
        return null;
    }

    /** Whether envelopes carry Debezium's transaction block (the connector's transaction metadata is on); no by default. */
    protected boolean transactionBlocks(Options options) {
        return false;
    }

    /**
     * The column types whose snapshot values Debezium builds in the JVM's time zone (see {@link JvmTimeZone}), for
     * the start warning in a zone with daylight-saving transitions; null when none.
     */
    protected String snapshotTimeZoneSensitiveValues() {
        return null;
    }

    /** Whether the connector reads a binlog (MySQL, MariaDB): its position becomes a meter. */
    protected boolean hasBinlog() {
        return false;
    }

    /**
     * The schemas the reader gives {@code table}'s events, found by running this very reader in a
     * schema-only mode ({@link TableSchemaProbe}: nothing is captured, changed or kept). For a
     * connector's {@link io.cdctoolkit.engine.spi.TableSchemaInspector}.
     *
     * @param quotedName a table quoted for the database's SQL
     */
    protected final TableSchemas probeTableSchemas(Options options, ComponentContext context, TableId table,
                                                   Function<TableId, String> quotedName)
            throws ConfigException, ConnectivityException {
        try (TableSchemaInspector.SchemaReading reading = probeSchemaReading(options, context, List.of(table), quotedName)) {
            return reading.tableSchemas(table);
        }
    }

    /**
     * A reading of many tables' schemas as {@link #probeTableSchemas} gives each: one look at the captured tables, then
     * one schema-only run for all of {@code tables} ({@link ProbedSchemaReading}). For a connector's
     * {@link io.cdctoolkit.engine.spi.TableSchemaInspector#schemaReading}.
     *
     * @param tables     the tables the caller is going to ask for
     * @param quotedName a table quoted for the database's SQL
     */
    protected final TableSchemaInspector.SchemaReading probeSchemaReading(Options options, ComponentContext context,
                                                                          List<TableId> tables,
                                                                          Function<TableId, String> quotedName)
            throws ConfigException {
        Map<String, String> properties = engineProperties(options, context);
        RecordConverter converter = new RecordConverter(columnFilters(options), topicResolver(options, context),
                beforeImages(options), null, transactionBlocks(options));
        return new ProbedSchemaReading(tables, new ProbedSchemaReading.Source() {
            @Override
            public List<TableId> captured() throws ConnectivityException {
                return discover(options, context).stream().map(DiscoveredTable::id).toList();
            }

            @Override
            public ConfigException notCaptured(TableId table, List<TableId> captured) {
                return DebeziumSourceFactory.this.notCaptured(options, context, table, captured);
            }

            @Override
            public TableSchemaProbe probe() throws ConnectivityException {
                Map<String, String> p = new HashMap<>(properties);
                schemaOnlyProperties(options, context, p);
                return new TableSchemaProbe(describe(options, context) + " schema probe", p, converter,
                        Duration.ofMillis(options.longValue("start_timeout_ms")));
            }

            @Override
            public TableSchemaProbe.Table probed(TableId table) {
                return new TableSchemaProbe.Table(table, debeziumTableName(table), quotedName.apply(table));
            }

            @Override
            public ProbedSchemasCompletion completion() {
                return probedSchemasCompletion(options);
            }
        });
    }

    /** What the connector adds to its probed schemas (see {@link ProbedSchemasCompletion}); nothing by default. */
    protected ProbedSchemasCompletion probedSchemasCompletion(Options options) {
        return ProbedSchemasCompletion.NONE;
    }

    /**
     * The configuration error for a table the source does not capture, naming those it does. A table that
     * {@code include_tables} names as it is, the database did not list: it does not exist, or (where the catalog
     * lists only the tables a user has a privilege on, {@link #listsEveryTable}) the user may not see it.
     */
    protected ConfigException notCaptured(Options options, ComponentContext context, TableId table,
                                          List<TableId> captured) {
        String capturing = captured.isEmpty() ? " (it captures no table)"
                : "; it captures: " + captured.stream().map(TableId::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        String name = debeziumTableName(table);
        boolean named = options.stringList("include_tables").stream()
                .anyMatch(g -> qualifyTable(g, options).equals(name));
        if (named && listsEveryTable()) {
            return new ConfigException(options.keyPath() + ".include_tables", "source '" + context.name() + "': the"
                    + " database has no table " + table + ", which include_tables names" + capturing,
                    "create the table, or correct its name in include_tables");
        }
        if (named) {
            return new ConfigException(options.keyPath() + ".include_tables", "source '" + context.name() + "': the"
                    + " database shows user " + options.string("user") + " no table " + table + ", which include_tables"
                    + " names" + capturing, "create the table, or grant the user SELECT on it: the database shows a"
                    + " user only the tables it has a privilege on");
        }
        return new ConfigException(options.keyPath() + ".include_tables", "source '" + context.name()
                + "' does not capture table " + table + capturing, "name a captured table, or add it to include_tables");
    }

    /**
     * Whether the database lists every table to any user, whatever its privileges (PostgreSQL's catalog does);
     * MySQL/MariaDB and SQL Server list only the tables a user has a privilege on. False by default.
     */
    protected boolean listsEveryTable() {
        return false;
    }

    /** The table as Debezium names it in include lists and select overrides. */
    protected String debeziumTableName(TableId table) {
        return hasSchemaLevel() ? table.schema() + "." + table.table() : table.database() + "." + table.table();
    }

    /**
     * Connector-specific changes for a schema-only run (e.g. no snapshot locks, what the reader would read from the
     * database at start); none by default. May refuse the run: a {@link io.cdctoolkit.engine.spi.FatalException} saying
     * why (the server is not the connector's kind).
     */
    protected void schemaOnlyProperties(Options options, ComponentContext context, Map<String, String> properties)
            throws ConnectivityException {
    }

    /**
     * The Debezium engine and connector properties for these options. Contains the password: never
     * log or print it as is.
     */
    public Map<String, String> engineProperties(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> p = EngineProperties.common(connectorClass(), options, context, usesSchemaHistory(),
                glob -> qualifyTable(glob, options));
        connectorProperties(options, context, p);
        EngineProperties.applyPassThrough(p, options);
        if (backfillSelect(options) != null) {
            // Channels of the user's own (debezium.signal.enabled.channels) keep the one backfills are sent through.
            String channels = p.getOrDefault("signal.enabled.channels", "source");
            if (!List.of(channels.split("\\s*,\\s*")).contains("in-process")) {
                p.put("signal.enabled.channels", channels + ",in-process");
            }
            p.putIfAbsent("signal.poll.interval.ms", "1000"); // Debezium's default 5 s: a signal waits up to that long
            // Its notifications say when a backfill's snapshot completed, in order with its rows (the reader takes them).
            String notifications = p.getOrDefault("notification.enabled.channels", "");
            if (!List.of(notifications.split("\\s*,\\s*")).contains("sink")) {
                p.put("notification.enabled.channels", notifications.isBlank() ? "sink" : notifications + ",sink");
            }
            p.putIfAbsent("notification.sink.topic.name", "cdc-toolkit.notifications");
        }
        return p;
    }

    /**
     * The column filters of {@code column_filters} (the config loader moves {@code
     * cdc_features.column_filters} there too); a key that is a plain table name is qualified as
     * {@code include_tables} entries are.
     */
    public ColumnFilters columnFilters(Options options) throws ConfigException {
        Map<String, Object> rules = options.map("column_filters");
        return rules.isEmpty() ? ColumnFilters.NONE
                : ColumnFilters.parse(options.keyPath() + ".column_filters", rules, name -> qualifyTable(name, options));
    }

    /** {@code check}'s warning for misspelt keys of the {@code debezium:} block ({@link UnknownDebeziumProperties}). */
    public Optional<PrerequisiteCheck> misspeltDebeziumProperties(Options options) {
        return UnknownDebeziumProperties.check(connectorClass(), options);
    }

    /** The columns {@code column_filters} keeps, for {@code discover}. */
    @Override
    public Predicate<String> capturedColumns(Options options, TableId table) throws ConfigException {
        return columnFilters(options).columnsOf(table);
    }

    /**
     * Which columns each table's before images carry; by default all ({@link BeforeImages#ALL_FULL}),
     * which the binlog readers' and SQL Server's prerequisites ensure.
     */
    protected BeforeImages beforeImages(Options options) {
        return BeforeImages.ALL_FULL;
    }

    /** The source in messages, e.g. {@code postgres-cdc source 'pg' (localhost:5432/app)}; no secrets. */
    protected String describe(Options options, ComponentContext context) {
        return spec().name() + " source '" + context.name() + "' (" + options.string("host") + ":"
                + options.integer("port") + "/" + options.string("database") + ")";
    }

    @Override
    public TopicResolver topicResolver(Options options, ComponentContext context) throws ConfigException {
        return TopicRoutingOptions.fromOptions(options, defaultTopicPattern(), context.defaultTopic());
    }

    @Override
    public List<TableId> configuredTables(Options options) {
        List<TableId> tables = new ArrayList<>();
        for (String entry : options.stringList("include_tables")) {
            if (entry.contains("*") || entry.contains("?")) continue; // a glob names no table by itself
            tables.add(parseTable(qualifyTable(entry, options), options));
        }
        return tables;
    }

    @Override
    public TableId parseTable(String qualifiedName, Options options) {
        String[] parts = qualifiedName.split("\\.", -1);
        if (hasSchemaLevel() && parts.length == 3) return new TableId(parts[0], parts[1], parts[2]);
        if (hasSchemaLevel() && parts.length == 2) return new TableId(options.string("database"), parts[0], parts[1]);
        if (!hasSchemaLevel() && parts.length == 2) return new TableId(parts[0], null, parts[1]);
        if (!hasSchemaLevel() && parts.length == 1) return new TableId(options.string("database"), null, parts[0]);
        throw new IllegalArgumentException("'" + qualifiedName + "' is not a " + spec().name() + " table name: expected "
                + (hasSchemaLevel() ? "database.schema.table" : "database.table"));
    }

    /**
     * The topic pattern used when neither {@code topic_routing} nor the source's {@code topic} is set:
     * {@code {database}.{schema}.{table}}, or {@code {database}.{table}} without a schema level.
     */
    protected String defaultTopicPattern() {
        return hasSchemaLevel() ? TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA
                : TopicRoutingOptions.DEFAULT_PATTERN_WITHOUT_SCHEMA;
    }

    /** Whether tables have a schema level between database and table (PostgreSQL, SQL Server; not MySQL). */
    protected abstract boolean hasSchemaLevel();

    /** The connector class the engine instantiates: Debezium's, as a {@code PasswordMasking…} subclass ({@link MaskedTaskConfigs}). */
    protected abstract String connectorClass();

    /** Whether the connector keeps a schema history (MySQL, MariaDB, SQL Server). */
    protected abstract boolean usesSchemaHistory();

    /** An {@code include_tables}/{@code exclude_tables} glob in the connector's fully-qualified form. */
    protected abstract String qualifyTable(String glob, Options options);

    /** Adds the connector's own properties to {@code properties} (the pass-through block comes after). */
    protected abstract void connectorProperties(Options options, ComponentContext context,
                                                Map<String, String> properties) throws ConfigException;
}
