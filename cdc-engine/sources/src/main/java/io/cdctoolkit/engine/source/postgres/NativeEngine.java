package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.TableFilter;
import io.cdctoolkit.engine.source.debezium.TableTopics;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativeOffsetTopic;
import io.cdctoolkit.engine.source.postgres.pgoutput.NewTablesCheck;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativeSourceStatus;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativeSettings;
import io.cdctoolkit.engine.source.postgres.pgoutput.SnapshotMode;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** Builds the {@code engine: native} reader from the {@code postgres-cdc} options. */
final class NativeEngine {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NativeEngine.class);

    private NativeEngine() {
    }

    static CdcReader reader(PostgresSourceFactory factory, Options options, ComponentContext context) throws ConfigException {
        SnapshotMode mode = snapshotMode(options);
        NativeOffsetTopic offsetTopic = offsetTopic(options, context);
        Set<Op> skippedOperations = NativePassThrough.skippedOperations(options);
        // As discover and the Debezium engine: without include_tables, a set schema is all that is captured.
        TableFilter filter = TableFilter.of(options,
                options.optionalString("schema").map(s -> List.of(s + ".*")).orElse(List.of()),
                glob -> factory.qualifyTable(glob, options));
        Properties login = io.cdctoolkit.engine.source.debezium.Jdbc.login(options);
        login.setProperty("sslmode", options.string("ssl_mode"));
        login.setProperty("connectTimeout", "10");
        login.setProperty("ApplicationName", "cdc-toolkit");
        String url = "jdbc:postgresql://" + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
        NativeSettings settings = new NativeSettings(factory.spec().name() + " source '" + context.name() + "' ("
                + options.string("host") + ":" + options.integer("port") + "/" + options.string("database") + ", native)",
                url, login, sourceName(context), options.string("database"),
                PostgresSourceFactory.slotName(options, context.name()),
                PostgresSourceFactory.publicationName(options, context.name()),
                options.string("publication_autocreate"), mode,
                () -> capturedTables(factory, options, context).stream().map(DiscoveredTable::id)
                        .sorted(java.util.Comparator.<TableId>comparingInt(t -> filter.includeIndex(t.schema() + "." + t.table()))
                                .thenComparing(TableId::toString))
                        .toList(),
                table -> filter.captures(table.schema() + "." + table.table()),
                context.stateDir(), options.integer("max_batch_size"),
                Duration.ofMillis(options.longValue("offset_flush_interval_ms")),
                Duration.ofMillis(options.longValue("heartbeat_interval_ms")),
                options.bool("heartbeat_message") ? PostgresSourceFactory.HEARTBEAT_MESSAGE_QUERY : null,
                skippedOperations, options.integer("snapshot_connections"),
                options.bool("stream_in_progress"), options.bool("slot_failover"), offsetTopic, PostgresSourceFactory.messages(options),
                PostgresSourceFactory.transactions(options), options.bool("snapshot_new_tables"));
        TableTopics topics = TableTopics.of(factory.topicResolver(options, context));
        NativeSourceStatus status = new NativeSourceStatus();
        status.register(context.meterRegistry(), context.name());
        return new NativePostgresReader(settings, factory.columnFilters(options), topics::topic, status);
    }

    static SnapshotMode snapshotMode(Options options) throws ConfigException {
        try {
            return SnapshotMode.of(options.string("snapshot_mode"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(options.keyPath() + ".snapshot_mode", "engine: native supports snapshot_mode "
                    + "initial, no_data, never, always and when_needed (not " + options.string("snapshot_mode") + ")",
                    "use one of those, or engine: debezium");
        }
    }

    /** {@code check}'s {@link NewTablesCheck} item: what the next start backfills, from the saved offsets. */
    static Optional<PrerequisiteCheck> newTablesCheck(PostgresSourceFactory factory, Options options,
                                                      ComponentContext context) throws Exception {
        List<TableId> captured = factory.discover(options, context).stream().map(DiscoveredTable::id).toList();
        return NewTablesCheck.of(context.stateDir(), offsetTopic(options, context), sourceName(context),
                PostgresSourceFactory.slotName(options, context.name()), snapshotMode(options),
                options.bool("snapshot_new_tables"), captured);
    }

    /**
     * The tables the reader captures ({@code discover}), after a WARN naming the unlogged tables it leaves out and one
     * naming what the publication leaves out, or a stop when the publication would split captured partitions' rows
     * across two topics ({@link PostgresInspector.StartChecks}).
     */
    private static List<DiscoveredTable> capturedTables(PostgresSourceFactory factory, Options options,
                                                        ComponentContext context) throws Exception {
        new PostgresInspector(factory, options, context.name()).startChecks()
                .enforce(LOG, factory.spec().name() + " source '" + context.name() + "'", false, false);
        return factory.discover(options, context);
    }

    /** The source's logical name as the native reader names its schemas with it (Debezium's topic.prefix). */
    static String sourceName(ComponentContext context) {
        return context.name().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * {@code offset_storage: kafka}: the offsets topic, with the Debezium engine's options and message for a
     * missing {@code kafka_bootstrap_servers} ({@code schema_history_topic} has no use here: PostgreSQL keeps
     * no schema history); null for {@code offset_storage: file}.
     */
    static NativeOffsetTopic offsetTopic(Options options, ComponentContext context) throws ConfigException {
        if (!"kafka".equals(options.string("offset_storage"))) return null;
        return new NativeOffsetTopic(io.cdctoolkit.engine.source.debezium.EngineProperties.offsetBrokers(options),
                options.string("offset_topic"), context.name());
    }
}
