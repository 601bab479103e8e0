package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Builds the Debezium engine and connector properties shared by every Debezium source from the
 * source's options. Precedence, lowest first: these mapped defaults, the connector's own mapping,
 * then the {@code debezium:} block, which passes any property through unchanged (nested maps are
 * flattened with dots) and so wins over everything else.
 */
public final class EngineProperties {

    /** Offsets file under the source's state directory. */
    public static final String OFFSETS_FILE = "offsets.dat";

    /** Schema history file under the source's state directory (MySQL, MariaDB, SQL Server). */
    public static final String SCHEMA_HISTORY_FILE = "schema-history.dat";
    /** How often Debezium restarts its connector after a retriable error before it gives up ({@code errors.max.retries}). */
    static final int MAX_CONNECTOR_RESTARTS = 10;

    private EngineProperties() {
    }

    /** {@code kafka_bootstrap_servers} for {@code offset_storage: kafka} (every Debezium-engine source and postgres-cdc's native engine), required then. */
    public static String offsetBrokers(Options options) throws ConfigException {
        return options.optionalString("kafka_bootstrap_servers").orElseThrow(() -> new ConfigException(
                options.keyPath() + ".kafka_bootstrap_servers", "offset_storage: kafka needs the Kafka brokers",
                "add kafka_bootstrap_servers: host:9092"));
    }

    /**
     * The common properties.
     *
     * @param connectorClass Debezium connector class
     * @param options        the source's validated options
     * @param context        the source's context (name, key path, state directory)
     * @param schemaHistory  whether the connector keeps a schema history (binlog connectors, SQL Server)
     * @param qualify        turns an {@code include_tables} glob into the connector's fully-qualified form
     */
    public static Map<String, String> common(String connectorClass, Options options, ComponentContext context,
                                             boolean schemaHistory, UnaryOperator<String> qualify) throws ConfigException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", context.name());
        p.put("connector.class", connectorClass);
        p.put("topic.prefix", topicPrefix(context.name()));
        p.put("database.hostname", options.string("host"));
        p.put("database.port", String.valueOf(options.integer("port")));
        p.put("database.user", options.string("user"));
        options.optionalString("password").ifPresent(pw -> p.put("database.password", pw));
        p.put("snapshot.mode", snapshotMode(options.string("snapshot_mode")));
        List<String> include = options.stringList("include_tables");
        if (!include.isEmpty()) p.put("table.include.list", regexList(include, qualify));
        List<String> exclude = options.stringList("exclude_tables");
        if (!exclude.isEmpty()) p.put("table.exclude.list", regexList(exclude, qualify));

        // Exact values and microsecond times by default (the data model's precision).
        p.put("decimal.handling.mode", "precise");
        // The pipeline's tombstone stage emits tombstones (after acknowledgement-aware ordering), not Debezium.
        p.put("tombstones.on.delete", "false");
        p.put("heartbeat.interval.ms", String.valueOf(options.longValue("heartbeat_interval_ms")));
        p.put("poll.interval.ms", String.valueOf(options.longValue("poll_interval_ms")));
        int batch = options.integer("max_batch_size");
        p.put("max.batch.size", String.valueOf(batch));
        p.put("max.queue.size", String.valueOf(Math.max(8192, batch * 4)));
        p.put("offset.flush.interval.ms", String.valueOf(options.longValue("offset_flush_interval_ms")));
        // Debezium restarts the connector after an error it deems retriable, by default without end: a permanent one
        // (a table whose text PostgreSQL cannot convert to UTF-8) then repeated every 10 s forever and the source
        // neither progressed nor failed. Bounded as the runtime bounds its own retries (10), then the source fails.
        p.put("errors.max.retries", String.valueOf(MAX_CONNECTOR_RESTARTS));
        storage(p, options, context, schemaHistory);
        return p;
    }

    /**
     * Applies the {@code debezium:} block over {@code props} and rejects settings that would break
     * the at-least-once guarantee.
     */
    public static void applyPassThrough(Map<String, String> props, Options options) throws ConfigException {
        flatten("", options.map("debezium"), props);
        if (Boolean.parseBoolean(props.getOrDefault("slot.drop.on.stop", "false"))
                && !props.getOrDefault("offset.storage", "").endsWith("MemoryOffsetBackingStore")) {
            throw new ConfigException(options.keyPath() + ".debezium.slot.drop.on.stop",
                    "dropping the replication slot at stop loses every change made while the source is stopped, "
                            + "and the saved offsets would point into a slot that no longer exists",
                    "remove slot.drop.on.stop (the slot is kept on purpose)");
        }
    }

    /** {@code never} is rivven's (and older Debezium's) name for {@code no_data}. */
    /** Debezium's statements run on each of its JDBC connections as it opens them (semicolons between them). */
    public static final String INITIAL_STATEMENTS = "database.initial.statements";

    /**
     * Puts {@code statements} before the {@link #INITIAL_STATEMENTS} already in {@code props} (the user's own, from
     * the {@code debezium:} block), so that the user's still have the last word.
     */
    public static void runFirst(Map<String, String> props, String statements) {
        String initial = props.get(INITIAL_STATEMENTS);
        props.put(INITIAL_STATEMENTS, initial == null || initial.isBlank() ? statements : statements + ";" + initial);
    }

    static String snapshotMode(String mode) {
        return "never".equals(mode) ? "no_data" : mode;
    }

    /** Debezium accepts letters, digits, '.', '_' and '-' in topic.prefix (it names offsets and schemas). */
    static String topicPrefix(String sourceName) {
        return sourceName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String regexList(List<String> globs, UnaryOperator<String> qualify) {
        return globs.stream().map(qualify).map(Globs::toRegex).collect(Collectors.joining(","));
    }

    private static void storage(Map<String, String> p, Options options, ComponentContext context,
                                boolean schemaHistory) throws ConfigException {
        Path dir = context.stateDir();
        if ("kafka".equals(options.string("offset_storage"))) {
            String bootstrap = offsetBrokers(options);
            p.put("offset.storage", KafkaOffsetBackingStore.class.getName());
            p.put("bootstrap.servers", bootstrap);
            p.put("offset.storage.topic", options.string("offset_topic"));
            p.put("offset.storage.partitions", "1");
            p.put("offset.storage.replication.factor", "-1"); // the broker's default.replication.factor
            if (schemaHistory) {
                p.put("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
                p.put("schema.history.internal.kafka.bootstrap.servers", bootstrap);
                p.put("schema.history.internal.kafka.topic", options.optionalString("schema_history_topic")
                        .orElse("cdc-toolkit-schema-history." + topicPrefix(context.name())));
            }
        } else {
            p.put("offset.storage", AtomicFileOffsetBackingStore.class.getName()); // never a torn file on a crash
            p.put("offset.storage.file.filename", dir.resolve(OFFSETS_FILE).toString());
            if (schemaHistory) {
                p.put("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
                p.put("schema.history.internal.file.filename", dir.resolve(SCHEMA_HISTORY_FILE).toString());
            }
        }
    }

    /**
     * The {@code debezium:} block as Debezium properties: nested maps joined with dots, lists joined with
     * commas, null values left out (the native engine reads its one key from the same form).
     */
    public static void flatten(String prefix, Map<?, ?> block, Map<String, String> out) {
        for (Map.Entry<?, ?> e : block.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            } else if (e.getValue() instanceof List<?> list) {
                out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else if (e.getValue() != null) {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }
}
