package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.source.debezium.BackfillWake;
import io.cdctoolkit.engine.source.debezium.BeforeImages;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceOptions;
import io.cdctoolkit.engine.source.debezium.EngineProperties;
import io.cdctoolkit.engine.source.debezium.NonTableRecords;
import io.cdctoolkit.engine.source.debezium.OffsetStorageCheck;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.cdctoolkit.engine.source.debezium.StartProperties;
import io.cdctoolkit.engine.source.postgres.pgoutput.LogicalDecodingMessages;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.source.postgres.pgoutput.NewTablesCheck;
import io.cdctoolkit.engine.source.postgres.pgoutput.OutputStyles;
import io.cdctoolkit.engine.source.postgres.pgoutput.StandbyServer;
import io.cdctoolkit.engine.source.postgres.pgoutput.TransactionEvents;
import io.cdctoolkit.engine.source.monitor.MonitoredReader;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.TableBackfills;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code connector: postgres-cdc}: PostgreSQL logical replication (pgoutput) through Debezium's
 * PostgreSQL connector. The replication slot is created on first start and kept across restarts.
 */
public final class PostgresSourceFactory extends DebeziumSourceFactory
        implements io.cdctoolkit.engine.spi.TableSchemaInspector, TableBackfills {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresSourceFactory.class);

    static final String DEFAULT_SCHEMA = "public";
    /**
     * Heartbeats on by default: after the captured tables fell idle, a heartbeat carries the position
     * of the last thing the server sent into the saved offsets and so to the slot. Without them an idle
     * captured table on a busy server retains WAL without bound (docs/sources/postgresql.md).
     */
    static final long DEFAULT_HEARTBEAT_MS = 10_000L;
    /**
     * What each heartbeat runs when {@code heartbeat_message} is on: a non-transactional logical-decoding
     * message, written to the WAL at once. PostgreSQL 15+ sends nothing for transactions that touch no
     * captured table, so without something the connector receives, heartbeats would only ever repeat
     * the last captured position; the message gives them the server's current one.
     */
    static final String HEARTBEAT_MESSAGE_QUERY = "SELECT pg_logical_emit_message(false, 'cdc-toolkit-heartbeat', '')";

    /**
     * When {@link SlotCreationWait} first looks whether the slot's creation waits for a transaction, and how often
     * after: a start is not held by the transactions of the moment for more than a few seconds.
     */
    static final Duration SLOT_CREATION_FIRST_LOOK = Duration.ofSeconds(5);
    static final Duration SLOT_CREATION_LOOKS = Duration.ofSeconds(5);

    /**
     * Run first on each of Debezium's JDBC connections (its snapshot's among them), when a database or role sets them
     * by default: PostgreSQL 17's {@code transaction_timeout} ended the snapshot transaction, and Debezium retried the
     * snapshot for ever, sending its first rows again each time; {@code idle_in_transaction_session_timeout} did the
     * same whenever the sink held the snapshot back longer than it (its snapshot outlived {@code statement_timeout},
     * one fetch at a time); PostgreSQL 14's {@code idle_session_timeout} ended the
     * connection it reads the columns of a changed table on, and the connector failed and restarted at the next
     * schema change, again and again. Older servers do not know the settings: the conditions keep them from reading
     * them. (Semicolons separate Debezium's initial statements.)
     */
    static final String NO_SESSION_TIMEOUTS = "SELECT set_config('idle_in_transaction_session_timeout', '0', false);"
            + "SELECT set_config('transaction_timeout', '0', false)"
            + " WHERE current_setting('server_version_num')::int >= 170000;"
            + "SELECT set_config('idle_session_timeout', '0', false)"
            + " WHERE current_setting('server_version_num')::int >= 140000";

    /** How often {@link SlotMonitor} looks at the slot by default. */
    static final long DEFAULT_SLOT_MONITOR_MS = 15_000L;

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "postgres-cdc",
            List.of("postgres", "postgresql-cdc"),
            "PostgreSQL change data capture over logical replication (pgoutput), decoded by the toolkit's own reader"
                    + " (engine: native, the default) or by Debezium's embedded engine (engine: debezium)",
            options());

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    private static List<OptionSpec> options() {
        List<OptionSpec> o = new ArrayList<>(DebeziumSourceOptions.common(5432, DEFAULT_HEARTBEAT_MS,
                "initial", "never", "no_data", "always", "when_needed"));
        // The native engine has no Debezium underneath: say what it does with the pass-through block.
        o.replaceAll(spec -> !spec.name().equals("debezium") ? spec
                : DebeziumSourceOptions.passThrough(DebeziumSourceOptions.PASS_THROUGH_DOC + ". With engine: native only"
                        + " skipped.operations is read (Debezium's meaning); any other key is refused at start"));
        o.add(OptionSpec.string("slot_name")
                .doc("Replication slot (created if missing, kept on stop); default cdc_toolkit_<source>").build());
        o.add(OptionSpec.bool("slot_failover").defaultValue(false)
                .doc("PostgreSQL 17+: the replication slot is a failover slot (created so, or altered at start), which a"
                        + " standby with sync_replication_slots keeps a copy of: after its promotion the source resumes"
                        + " on it; refused on older servers and on a standby (see docs/sources/postgresql.md, Failover"
                        + " slots)").build());
        o.add(OptionSpec.string("publication")
                .doc("Publication to read (default cdc_toolkit_<source>)").example("cdc_pub").build());
        o.add(OptionSpec.oneOf("publication_autocreate", "filtered", "all_tables", "disabled").defaultValue("filtered")
                .doc("filtered: create/update the publication for the captured tables; all_tables: FOR ALL TABLES "
                        + "(superuser); disabled: it must exist").build());
        o.add(OptionSpec.string("schema")
                .doc("Default schema for unqualified table names; without include_tables, capture only this schema").build());
        o.add(OptionSpec.bool("heartbeat_message").defaultValue(true)
                .doc("Each heartbeat writes a tiny logical-decoding message (pg_logical_emit_message, prefix "
                        + "cdc-toolkit-heartbeat), so the slot follows a busy server while the captured tables are idle; "
                        + "false on a standby, which cannot write (the start stops there otherwise)").build());
        o.add(OptionSpec.longValue("slot_monitor_interval_ms").defaultValue(DEFAULT_SLOT_MONITOR_MS).min(0)
                .doc("How often the slot's retained WAL is read from pg_replication_slots (on a connection of its"
                        + " own) for the cdc_postgres_slot_* meters; 0: never").build());
        o.add(OptionSpec.oneOf("engine", "native", "debezium").defaultValue("native")
                .doc("native: the toolkit's own pgoutput reader (same events as the Debezium engine, proven by the parity"
                        + " suite; see docs/sources/postgresql.md, Native engine); debezium: Debezium's embedded engine"
                        + " (for the debezium: pass-through block and the few column types native refuses)").build());
        o.add(OptionSpec.integer("snapshot_connections").defaultValue(1).range(1, 64)
                .doc("engine: native only: connections reading the snapshot, all inside the slot's exported snapshot;"
                        + " above 1, tables are split into ctid page ranges read in parallel (see docs/sources/postgresql.md,"
                        + " Native engine)").build());
        o.add(OptionSpec.bool("snapshot_new_tables").defaultValue(true)
                .doc("a start that captures tables the completed snapshot did not read (added to include_tables,"
                        + " created and matched, or put in the publication by hand) reads their rows: engine: native first,"
                        + " as op r events marked snapshot: incremental, in the exported snapshot of a temporary slot, then"
                        + " streams their changes from that point on; engine: debezium (tables it adds to a filtered"
                        + " publication) as a backfill, Debezium's blocking snapshot, once its stream has started; false:"
                        + " only their changes from the start on are read (a warning says so) (see"
                        + " docs/sources/postgresql.md, A table added to the captured ones later)").build());
        o.add(OptionSpec.bool("stream_in_progress").defaultValue(false)
                .doc("engine: native only, PostgreSQL 14+: the server streams a transaction larger than its"
                        + " logical_decoding_work_mem while in progress; the reader spools it to files in the state"
                        + " directory and delivers it at its commit (the server does not spill it to its own disk)"
                        + " (see docs/sources/postgresql.md, Native engine)").build());
        o.add(OptionSpec.stringList("message_prefixes")
                .doc("Logical decoding messages (pg_logical_emit_message, PostgreSQL 14+) whose prefix matches one of"
                        + " these globs become events (op m, Debezium's message record: key {prefix}, value {op, ts_ms,"
                        + " source, message {prefix, content}}) on message_topic; default none. The heartbeat's own"
                        + " prefix never does (see docs/sources/postgresql.md, Logical decoding messages)")
                .example("[\"outbox\", \"audit.*\"]").build());
        o.add(OptionSpec.string("message_topic")
                .doc("Topic of the message events; default <database>.message").example("app.message").build());
        o.add(OptionSpec.bool("transaction_metadata").defaultValue(false)
                .doc("Debezium's provide.transaction.metadata: each change envelope carries a transaction block {id,"
                        + " total_order, data_collection_order}, and a BEGIN and an END event per transaction (the END"
                        + " counting its events per table) go to transaction_topic (see docs/sources/postgresql.md,"
                        + " Transaction metadata)").build());
        o.add(OptionSpec.string("transaction_topic")
                .doc("Topic of the transaction events; default <database>.transaction").example("app.transaction").build());
        o.add(OptionSpec.oneOf("ssl_mode", "disable", "allow", "prefer", "require", "verify-ca", "verify-full")
                .defaultValue("prefer").doc("TLS mode of the connections (libpq sslmode)").build());
        return o;
    }

    /**
     * The reader ({@code engine: native}: the native pgoutput reader; otherwise the Debezium engine's), with the
     * slot's retained WAL polled beside it (see {@link SlotMonitor}).
     */
    @Override
    public CdcReader create(Options options, ComponentContext context) throws ConfigException {
        boolean nativeEngine = "native".equals(options.string("engine"));
        if (!nativeEngine && options.integer("snapshot_connections") != 1) {
            throw new ConfigException(options.keyPath() + ".snapshot_connections", "snapshot_connections is an "
                    + "option of engine: native (engine: debezium's own is debezium.snapshot.max.threads, tables read in"
                    + " parallel, each on one connection)",
                    "remove it, or use engine: native");
        }
        if (!nativeEngine && options.bool("stream_in_progress")) {
            throw new ConfigException(options.keyPath() + ".stream_in_progress", "stream_in_progress is an option of"
                    + " engine: native (engine: debezium has no streaming of in-progress transactions)",
                    "remove it, or use engine: native");
        }
        CdcReader engineReader = nativeEngine ? NativeEngine.reader(this, options, context) : super.create(options, context);
        String slot = slotName(options, context.name());
        String backfillSlot = nativeEngine ? NativePostgresReader.backfillSlot(slot)
                : slot;
        CdcReader reader = new SlotCreationWatchedReader(new OtherEngineBackfillRequests(engineReader,
                spec().name() + " source '" + context.name() + "'", context, slot, nativeEngine),
                new SlotCreationWait(PostgresInspector.jdbc(options), slot, backfillSlot, describe(options, context),
                        SLOT_CREATION_FIRST_LOOK, SLOT_CREATION_LOOKS), nativeEngine);
        long interval = options.longValue("slot_monitor_interval_ms");
        if (interval == 0) return reader;
        return new MonitoredReader(reader, List.of(new SlotMonitor(PostgresInspector.jdbc(options),
                slot, Duration.ofMillis(interval), context.meterRegistry(), context.name())));
    }

    @Override
    protected String snapshotTimeZoneSensitiveValues() {
        return "timestamp (without time zone) values";
    }

    /**
     * Which logical decoding messages become events ({@code message_prefixes}) and their topic; null when none
     * is listed.
     */
    static LogicalDecodingMessages messages(Options options) throws ConfigException {
        List<String> prefixes = options.stringList("message_prefixes");
        if (prefixes.isEmpty()) return null;
        return new LogicalDecodingMessages(prefixes, options.string("database"), ownTopic(options, "message"),
                options.bool("transaction_metadata"));
    }

    /** With {@code transaction_metadata}, the transaction events and their topic; null without. */
    static TransactionEvents transactions(Options options) throws ConfigException {
        if (!options.bool("transaction_metadata")) return null;
        return new TransactionEvents(options.string("database"), ownTopic(options, "transaction"));
    }

    /** The topic of the message or transaction events: {@code <kind>_topic}, by default {@code <database>.<kind>}. */
    private static String ownTopic(Options options, String kind) throws ConfigException {
        String key = kind + "_topic";
        String topic = options.optionalString(key).orElse(options.string("database") + "." + kind);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            throw new ConfigException(options.keyPath() + "." + (options.optionalString(key).isPresent() ? key : "database"),
                    "'" + topic + "' is not a valid Kafka topic for the " + kind + " events",
                    "set " + key + " to a topic of letters, digits, '.', '_' and '-'");
        }
        return topic;
    }

    /**
     * With {@code message_prefixes} and {@code transaction_metadata}, the Debezium engine's message and transaction
     * records become events as the native engine's.
     */
    @Override
    protected NonTableRecords nonTableRecords(Options options, ComponentContext context) throws ConfigException {
        LogicalDecodingMessages messages = messages(options);
        TransactionEvents transactions = transactions(options);
        NonTableRecords messageRecords = messages == null ? null : new DebeziumMessageRecords(messages);
        NonTableRecords transactionRecords = transactions == null ? null : new DebeziumTransactionRecords(transactions);
        if (messageRecords == null || transactionRecords == null) return messageRecords != null ? messageRecords : transactionRecords;
        return (record, position, structs) -> {
            ChangeEvent event = messageRecords.convert(record, position, structs);
            return event != null ? event : transactionRecords.convert(record, position, structs);
        };
    }

    /** The message and transaction events' topics, when those options are on. */
    @Override
    public Map<TableId, EventTopic> eventTopics(Options options) throws ConfigException {
        Map<TableId, EventTopic> topics = new java.util.LinkedHashMap<>();
        LogicalDecodingMessages messages = messages(options);
        if (messages != null) topics.put(messages.table(), new EventTopic(messages.topic(), "logical decoding messages"));
        TransactionEvents transactions = transactions(options);
        if (transactions != null) {
            topics.put(transactions.table(), new EventTopic(transactions.topic(), "transaction BEGIN/END events"));
        }
        return topics;
    }

    /** The message and transaction events' shapes, when those options are on; the same for both engines. */
    @Override
    public List<io.cdctoolkit.engine.spi.EventShape> nonTableEventShapes(Options options) throws ConfigException {
        List<io.cdctoolkit.engine.spi.EventShape> shapes = new ArrayList<>();
        LogicalDecodingMessages messages = messages(options);
        if (messages != null) shapes.add(messages.shape());
        TransactionEvents transactions = transactions(options);
        if (transactions != null) shapes.add(transactions.shape());
        return shapes;
    }

    @Override
    protected boolean transactionBlocks(Options options) {
        return options.bool("transaction_metadata");
    }

    @Override
    protected String connectorClass() {
        return PasswordMaskingPostgresConnector.class.getName();
    }

    @Override
    protected boolean usesSchemaHistory() {
        return false; // pgoutput sends each table's columns in relation messages
    }

    @Override
    protected boolean hasSchemaLevel() {
        return true;
    }

    @Override
    protected boolean listsEveryTable() {
        return true; // pg_class and JDBC's table listing show a role every table, readable or not
    }

    /**
     * Before images per the tables' replica identity: without {@code FULL}, PostgreSQL writes only the
     * identity columns into the old row, and the other columns must arrive as null, not as the
     * fallbacks Debezium puts there ({@link PostgresReplicaIdentity}).
     */
    @Override
    protected BeforeImages beforeImages(Options options) {
        return new PostgresReplicaIdentity(PostgresInspector.jdbc(options));
    }

    @Override
    protected String qualifyTable(String glob, Options options) {
        return glob.contains(".") ? glob : options.optionalString("schema").orElse(DEFAULT_SCHEMA) + "." + glob;
    }

    @Override
    protected void connectorProperties(Options options, ComponentContext context, Map<String, String> p)
            throws ConfigException {
        p.put("plugin.name", "pgoutput");
        p.put("database.dbname", options.string("database"));
        p.put("slot.name", slotName(options, context.name()));
        p.put("publication.name", publicationName(options, context.name()));
        p.put("publication.autocreate.mode", options.string("publication_autocreate"));
        p.put("slot.drop.on.stop", "false");
        if (options.bool("slot_failover")) p.put("slot.failover", "true");
        p.put("database.sslmode", options.string("ssl_mode"));
        p.put("time.precision.mode", "adaptive_time_microseconds");
        p.put("interval.handling.mode", "string");
        p.put("include.unknown.datatypes", "true");
        // Debezium decodes a streamed bytea from its text, and read the escape format (a database or role with
        // bytea_output = 'escape') as garbage bytes: '\xdeadbeef' arrived as 36 f2 55 f2 76 f3 57. Its sessions
        // (pgjdbc's options) use the hex format whatever the database's default. Likewise IntervalStyle (pgjdbc's
        // PGInterval misreads sql_standard: '+1-2 +3 +4:05:06' as 4:05:06) and extra_float_digits (0 wrote
        // 0.30000000000000004 as 0.3), as the native engine's sessions set them (OutputStyles).
        p.put("database.options", "-c bytea_output=hex " + OutputStyles.AS_OPTIONS);
        if (options.longValue("heartbeat_interval_ms") > 0 && options.bool("heartbeat_message")) {
            p.put("heartbeat.action.query", HEARTBEAT_MESSAGE_QUERY);
        }
        if (options.stringList("include_tables").isEmpty()) {
            options.optionalString("schema").ifPresent(s -> p.put("schema.include.list", s));
        }
        if (options.bool("transaction_metadata")) p.put("provide.transaction.metadata", "true");
    }

    /**
     * Adds the {@link PostgresNumericConverter}, the {@link PostgresTimeArrayConverter}, the
     * {@link PostgresArrayConverter}, the {@link PostgresTimestampConverter} and the {@link PostgresEnumConverter}
     * (which takes columns only with the enum types read at start) after the
     * {@code debezium:} block, so they see the final decimal and time modes and the user's own converters.
     */
    @Override
    public Map<String, String> engineProperties(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> p = super.engineProperties(options, context);
        if (!options.bool("transaction_metadata") && Boolean.parseBoolean(p.get("provide.transaction.metadata"))) {
            // Through the pass-through block the blocks would not reach the envelopes nor the records become events.
            throw new ConfigException(options.keyPath() + ".debezium.provide.transaction.metadata",
                    "provide.transaction.metadata is set through the debezium: block, which the toolkit would not carry"
                            + " into its events", "remove it and set transaction_metadata: true");
        }
        if (!viaPartitionRoot(p)) OwnRowsSnapshotQuery.register(p);
        EngineProperties.runFirst(p, NO_SESSION_TIMEOUTS);
        PostgresNumericConverter.register(p);
        PostgresTimeArrayConverter.register(p);
        PostgresArrayConverter.register(p);
        PostgresTimestampConverter.register(p);
        PostgresEnumConverter.register(p);
        return p;
    }

    /**
     * Whether the {@code debezium:} block has partitions' changes published under their partitioned table
     * ({@code publish.via.partition.root}): then the parent's snapshot rightly reads its partitions' rows, and the
     * parent may be captured without them.
     */
    /** With {@code engine: debezium}: backfills are sent to the engine as blocking snapshot signals. */
    @Override
    protected io.cdctoolkit.engine.source.debezium.BackfillSelect backfillSelect(Options options) {
        return "native".equals(options.string("engine")) ? null : DebeziumEngineBackfill.select();
    }

    private static boolean viaPartitionRoot(Map<String, String> properties) {
        return Boolean.parseBoolean(properties.get("publish.via.partition.root"));
    }

    /**
     * At start: the captured partitioned tables are left out of Debezium's snapshot when their partitions are all
     * captured ({@link ParentsLeftOut}), as the native engine leaves them out; one whose partitions are not all
     * captured stops the start, as with the native engine: its snapshot reads only its own rows (none,
     * {@link OwnRowsSnapshotQuery}) and the stream sends its changes under the partitions, so it would deliver
     * nothing. And the enum types' labels go to the {@link PostgresEnumConverter}, the arrays of domains to the array
     * converters ({@link DomainArrayTypes}), the unlogged tables the filter matches to the excluded ones
     * ({@link UnloggedTables}), and the publication's row filters to the snapshot query ({@link OwnRowsSnapshotQuery}).
     * Last, with the table list final, the filtered publication is created or updated here, not by Debezium on its
     * replication connection ({@link DebeziumPublication}); tables it gains after the snapshot completed are backfilled
     * ({@code snapshot_new_tables}) or warned of ({@link DebeziumNewlyCaptured}).
     * A database with a type Debezium's
     * type registry fails on ({@link LabellessEnumTypes}) stops the start, naming the types.
     */
    @Override
    protected StartProperties startProperties(Options options, ComponentContext context, Map<String, String> properties) {
        PostgresInspector inspector = new PostgresInspector(this, options, context.name());
        String source = describe(options, context);
        boolean leaveOutParents = !viaPartitionRoot(properties);
        return () -> {
            // Ours only: a query of the user's own (debezium: block) may well run on a standby.
            boolean heartbeatMessage = HEARTBEAT_MESSAGE_QUERY.equals(properties.get("heartbeat.action.query"))
                    && Long.parseLong(properties.getOrDefault("heartbeat.interval.ms", "0")) > 0;
            PostgresInspector.jdbc(options).run("reading whether the server is a standby",
                    c -> {
                        StandbyServer.requireNoHeartbeatMessage(c, heartbeatMessage, source);
                        return null;
                    });
            if (options.bool("slot_failover")) {
                DebeziumFailoverSlot.prepare(PostgresInspector.jdbc(options), slotName(options, context.name()), source);
            }
            PostgresInspector.DebeziumStartCatalog catalog = inspector.debeziumStartCatalog(source, leaveOutParents);
            Map<String, String> set = new java.util.HashMap<>(catalog.converterTypes());
            catalog.startChecks().enforce(LOG, source, !leaveOutParents, true);
            set.putAll(UnloggedTables.excluded(catalog.startChecks().unlogged(), properties));
            if (leaveOutParents) set.putAll(ParentsLeftOut.properties(catalog.partitionedParents(), properties));
            set.putAll(OwnRowsSnapshotQuery.rowFilterProperties(catalog.startChecks().publicationFilters().tables()));
            Map<String, String> engine = new java.util.HashMap<>(properties);
            engine.putAll(set);
            DebeziumPublication.Prepared publication = PostgresInspector.jdbc(options).run("preparing the publication",
                    c -> DebeziumPublication.prepare(c, engine, source));
            set.putAll(publication.properties());
            try {
                DebeziumNewlyCaptured.readOrWarn(publication.newlyPublished(), engine,
                        publicationName(options, context.name()), source,
                        options.bool("snapshot_new_tables") ? BlockingBackfillRequest.files(context) : null);
            } catch (IOException e) {
                throw new FatalException(source + ": the backfill of the tables added to the publication could not be"
                        + " recorded in " + BlockingBackfillRequest.files(context).folder() + " (" + e + "); make the"
                        + " state folder writable", e);
            }
            return set;
        };
    }

    /**
     * With the heartbeat's message on (its role may write one): a message with the heartbeat's prefix, once each time
     * requests were sent (at a start or while running), so that a restarted engine on an idle database finds the record
     * after its saved position and takes the backfill at once ({@link BackfillWake}). Transactional, unlike the
     * heartbeat's: Debezium's search for its resume position ({@code WalPositionLocator}) ends on a transaction's
     * records, and a non-transactional message did not end it. Measured on PostgreSQL 15 with Debezium 3.5: without it,
     * or with the heartbeat's own message, the backfill waited in "Searching for WAL resume position" until the
     * database's next change; with it, it began within a second. Not with {@code transaction_metadata}: Debezium gives
     * that transaction BEGIN and END records (measured; also with the prefix in its {@code message.prefix.exclude.list}),
     * a transaction the source never had.
     */
    @Override
    protected BackfillWake backfillWake(Options options) {
        if (options.longValue("heartbeat_interval_ms") <= 0 || !options.bool("heartbeat_message")
                || options.bool("transaction_metadata")) {
            return BackfillWake.NONE;
        }
        return () -> PostgresInspector.jdbc(options).run("writing a logical decoding message", c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SELECT pg_logical_emit_message(true, '" + LogicalDecodingMessages.HEARTBEAT_PREFIX + "', '')");
            }
            return null;
        });
    }

    /**
     * Before committed records go to Debezium: every leaf partition of the captured partitioned tables is still
     * captured ({@link CapturedPartitionsCheck}); not with {@code publish.via.partition.root}, whose changes come
     * under the parent.
     */
    @Override
    protected io.cdctoolkit.engine.source.debezium.OffsetHandoverCheck offsetHandoverCheck(
            Options options, ComponentContext context, Map<String, String> properties) {
        if (viaPartitionRoot(properties)) return io.cdctoolkit.engine.source.debezium.OffsetHandoverCheck.NONE;
        return new CapturedPartitionsCheck(new PostgresInspector(this, options, context.name()),
                PostgresInspector.jdbc(options), describe(options, context));
    }

    @Override
    public io.cdctoolkit.engine.spi.TableSchemas tableSchemas(Options options, ComponentContext context,
                                                            io.cdctoolkit.engine.data.TableId table)
            throws ConfigException, ConnectivityException {
        if ("native".equals(options.string("engine"))) {
            // The engine that will run: its own plan from the catalog, not a Debezium schema-only run (which could not
            // even start in a database with a type Debezium's registry fails on, LabellessEnumTypes).
            try (SchemaReading reading = schemaReading(options, context, List.of(table))) {
                return reading.tableSchemas(table);
            }
        }
        return probeTableSchemas(options, context, table, PostgresSourceFactory::quote);
    }

    /**
     * With {@code engine: native}, the tables are read on one connection, after one look at which tables the source
     * captures and at the publication ({@link NativeSchemaReading}: the catalog, as the native reader plans a table);
     * with Debezium, by one schema-only run for all {@code tables}, and their replica identities on one connection.
     */
    @Override
    public SchemaReading schemaReading(Options options, ComponentContext context, List<TableId> tables)
            throws ConfigException {
        if (!"native".equals(options.string("engine"))) {
            return probeSchemaReading(options, context, tables, PostgresSourceFactory::quote);
        }
        return new NativeSchemaReading(PostgresInspector.jdbc(options), new PostgresInspector(this, options,
                context.name()), (table, captured) -> notCaptured(options, context, table, captured),
                NativeEngine.sourceName(context),
                publicationName(options, context.name()), columnFilters(options),
                io.cdctoolkit.engine.source.debezium.TableTopics.of(topicResolver(options, context))::topic,
                options.bool("transaction_metadata"));
    }

    /**
     * The columns a delete's old row carries, as each table's replica identity says today (both engines write what
     * PostgreSQL sent), read on one connection for a reading's tables.
     */
    @Override
    protected io.cdctoolkit.engine.source.debezium.ProbedSchemasCompletion probedSchemasCompletion(Options options) {
        return new OldRowColumnsCompletion(new PostgresReplicaIdentity(PostgresInspector.jdbc(options)));
    }

    /** The columns a delete's old row carries with this before image; null for every column. */
    static java.util.Set<String> oldRowColumns(io.cdctoolkit.engine.source.debezium.BeforeImage image) {
        return switch (image.kind()) {
            case KEY, NONE -> image.columns();
            case FULL, UNKNOWN -> null;
        };
    }

    /**
     * The toolkit's converters put placeholders in the schema-only run's row of NULLs ({@link SchemaProbeValues}); and
     * they get the enum types' labels and the arrays of domains, read at start by the running reader
     * ({@link #startProperties}), so that a label holding a comma is one symbol here too (Debezium's own enum schema
     * splits it) and an array of a domain has its base type's elements.
     */
    @Override
    protected void schemaOnlyProperties(Options options, ComponentContext context, Map<String, String> properties)
            throws ConnectivityException {
        properties.putAll(new PostgresInspector(this, options, context.name())
                .debeziumConverterTypes(describe(options, context)));
        SchemaProbeValues.enable(properties, PostgresNumericConverter.NAME);
        SchemaProbeValues.enable(properties, PostgresTimeArrayConverter.NAME);
        SchemaProbeValues.enable(properties, PostgresArrayConverter.NAME);
        SchemaProbeValues.enable(properties, PostgresTimestampConverter.NAME);
        SchemaProbeValues.enable(properties, PostgresEnumConverter.NAME);
    }

    private static String quote(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The slot name: the option, else {@code cdc_toolkit_<source>} in the characters PostgreSQL allows. */
    static String slotName(Options options, String sourceName) {
        return options.optionalString("slot_name").orElse(identifier("cdc_toolkit_" + sourceName));
    }

    /** The publication name: the option, else {@code cdc_toolkit_<source>}. */
    static String publicationName(Options options, String sourceName) {
        return options.optionalString("publication").orElse(identifier("cdc_toolkit_" + sourceName));
    }

    private static String identifier(String raw) {
        String id = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    /**
     * The prerequisites, the offsets storage and what the next start backfills (with {@code engine: debezium}: the
     * backfills asked for and not yet read).
     */
    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        PrerequisiteReport report = OffsetStorageCheck.added(new PostgresInspector(this, options, context.name()).check(),
                options);
        boolean debezium = !"native".equals(options.string("engine"));
        if (debezium) {
            report = BlockingBackfillRequest.waiting(context).map(report::with).orElse(report);
        }
        report = OtherEngineBackfillRequests.check(context, slotName(options, context.name()), !debezium)
                .map(report::with).orElse(report);
        if (report.item(OffsetStorageCheck.CHECK).filter(c -> !c.ok()).isPresent()) {
            return report; // the saved offsets cannot be read: that item says why
        }
        Optional<PrerequisiteCheck> newTables;
        try {
            newTables = debezium ? debeziumNewTablesCheck(options, context)
                    : NativeEngine.newTablesCheck(this, options, context);
        } catch (ConnectivityException e) {
            throw e;
        } catch (Exception e) {
            newTables = Optional.of(PrerequisiteCheck.warn(NewTablesCheck.CHECK, "cannot tell which tables the next start"
                    + " reads the rows of (captured since the snapshot): " + e.getMessage(),
                    OffsetStorageCheck.unreadableOffsetsFix(options, context.stateDir())));
        }
        return newTables.map(report::with).orElse(report);
    }

    /**
     * {@code engine: debezium}'s {@code new_tables} item ({@link DebeziumNewlyCaptured#check}): the publication as the
     * start would bring it, the unlogged tables left out as the start leaves them out.
     */
    private Optional<PrerequisiteCheck> debeziumNewTablesCheck(Options options, ComponentContext context)
            throws Exception {
        Map<String, String> engine = new java.util.HashMap<>(engineProperties(options, context));
        engine.putAll(UnloggedTables.excluded(new PostgresInspector(this, options, context.name()).unloggedTables(),
                engine));
        Set<String> newlyPublished = PostgresInspector.jdbc(options).run("reading the publication",
                c -> DebeziumPublication.wouldNewlyPublish(c, engine));
        return DebeziumNewlyCaptured.check(newlyPublished, engine, options.bool("snapshot_new_tables"), context);
    }

    @Override
    public List<DiscoveredTable> discover(Options options, ComponentContext context) throws ConnectivityException {
        return new PostgresInspector(this, options, context.name()).discover();
    }

    /**
     * Its next start (or, {@code running}, the running reader) reads the tables' rows again: with {@code engine: native}
     * as {@code snapshot_new_tables}' backfill, with {@code engine: debezium} as Debezium's blocking snapshot.
     */
    @Override
    public String requestBackfill(Options options, ComponentContext context, List<String> tables, String where,
                                  boolean running) throws ConfigException, ConnectivityException {
        return RequestedBackfill.request(this, options, context, tables, where, running);
    }
}
