package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.routing.TopicRoutingOptions;
import io.cdctoolkit.engine.spi.OptionRule;
import io.cdctoolkit.engine.spi.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options every Debezium-backed source takes (connection, tables, snapshot, state, tuning and
 * the {@code debezium:} pass-through block). Connector factories add their own on top.
 */
public final class DebeziumSourceOptions {

    private DebeziumSourceOptions() {
    }

    /** What the {@code debezium} pass-through block does on every Debezium-engine source. */
    public static final String PASS_THROUGH_DOC =
            "Any Debezium connector or engine property, passed through as is; wins over the options above";

    /** The {@code debezium} pass-through block's option, with {@code doc} as its text. */
    public static OptionSpec passThrough(String doc) {
        return OptionSpec.map("debezium").doc(doc).example(java.util.Map.of("snapshot.fetch.size", 10240)).build();
    }

    /**
     * The common options.
     *
     * @param defaultPort   the database's usual port
     * @param snapshotModes the snapshot modes the connector accepts (rivven's {@code never} included)
     */
    public static List<OptionSpec> common(int defaultPort, String... snapshotModes) {
        return common(defaultPort, 0L, snapshotModes);
    }

    /**
     * The common options, with a connector's own default for {@code heartbeat_interval_ms}.
     *
     * @param defaultPort         the database's usual port
     * @param heartbeatIntervalMs the default heartbeat interval (0 = off)
     * @param snapshotModes       the snapshot modes the connector accepts (rivven's {@code never} included)
     */
    public static List<OptionSpec> common(int defaultPort, long heartbeatIntervalMs, String... snapshotModes) {
        return common(defaultPort, heartbeatIntervalMs, LOG_POLL_INTERVAL_MS, snapshotModes);
    }

    /**
     * The default {@code poll_interval_ms} of readers of a replication log (PostgreSQL, MySQL/MariaDB):
     * how long Debezium's queue sleeps when it found nothing, so it bounds the latency of a change that
     * arrives while the reader is idle (Debezium's 500 ms made the median commit-to-Kafka latency
     * ~470 ms at a few hundred changes/s). Waking 100 times a second while idle costs nothing
     * measurable; under load the queue is never empty and the interval never applies.
     */
    public static final long LOG_POLL_INTERVAL_MS = 10;

    /**
     * The default {@code offset_flush_interval_ms}. Each save costs an fsync'd file replace and, in
     * Debezium's PostgreSQL task, reading the offsets back and confirming the LSN on its polling
     * thread: saving after every commit took an eighth of that thread at 10k changes/s. Once a
     * second bounds what a crash repeats to about a second of acknowledged changes (plus the
     * unacknowledged tail), which deduplication can drop; Kafka Connect and Debezium default to 60 s.
     */
    public static final long OFFSET_FLUSH_INTERVAL_MS = 1_000;

    /**
     * {@code options} with the table examples ({@code include_tables}, {@code column_filters}) qualified as the
     * connector names tables: {@code public.users} by schema (the default), {@code dbo.users} (SQL Server).
     */
    public static List<OptionSpec> withTablesQualifiedBy(String qualifier, List<OptionSpec> options) {
        return options.stream().map(o -> switch (o.name()) {
            case "include_tables" -> o.withExample(includeTablesExample(qualifier));
            case "column_filters" -> o.withExample(columnFiltersExample(qualifier));
            default -> o;
        }).collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * {@code options} with examples for tables without a schema level (MySQL/MariaDB: {@code database.table}):
     * {@code app.users} ("app" is the database option's example), and a {@code topic_routing} of
     * {@code {database}.{table}} — {@code {schema}} there gives every topic {@code _unknown_}.
     */
    public static List<OptionSpec> withTablesWithoutSchema(List<OptionSpec> options) {
        return withTablesQualifiedBy("app", options).stream()
                .map(o -> o.name().equals(TopicRoutingOptions.TOPIC_ROUTING)
                        ? o.withExample("cdc.{database}.{table}") : o)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static List<String> includeTablesExample(String qualifier) {
        return List.of(qualifier + ".users", qualifier + ".orders");
    }

    private static Map<String, Object> columnFiltersExample(String qualifier) {
        return Map.of(qualifier + ".users", Map.of("exclude", List.of("password_hash")));
    }

    /**
     * The common options, with a connector's own defaults for {@code heartbeat_interval_ms} and
     * {@code poll_interval_ms} (SQL Server polls its change tables with queries at that interval).
     */
    public static List<OptionSpec> common(int defaultPort, long heartbeatIntervalMs, long pollIntervalMs,
                                          String... snapshotModes) {
        List<OptionSpec> o = new ArrayList<>();
        o.add(OptionSpec.string("host").required().notBlank().doc("Database host name or address")
                .example("localhost").build());
        o.add(OptionSpec.integer("port").defaultValue(defaultPort).rule(OptionRule.port()).doc("Database port").build());
        o.add(OptionSpec.string("database").required().doc("Database to capture").example("app").build());
        o.add(OptionSpec.string("user").required().aliases("username")
                .doc("User to connect as (needs the privileges listed by `check`)").example("cdc").build());
        o.add(OptionSpec.string("password").secret().doc("Password of the user").example("${DB_PASSWORD}").build());
        o.add(OptionSpec.oneOf("snapshot_mode", snapshotModes).defaultValue("initial")
                .doc("initial: snapshot existing rows (as READ events) then stream; never/no_data: stream only; "
                        + "always: snapshot at every start; when_needed: snapshot when offsets are missing or stale; "
                        + "recovery (binlog, SQL Server): rebuild a lost schema history").build());
        o.add(OptionSpec.stringList("include_tables").aliases("tables")
                .doc("Tables to capture (globs; unqualified names use the default schema/database); empty = all")
                .example(includeTablesExample("public")).build());
        o.add(OptionSpec.stringList("exclude_tables").doc("Tables not to capture (globs)").build());
        o.add(OptionSpec.map("column_filters")
                .doc("Per table glob (a plain table name gets the default schema/database), columns to include"
                        + " and/or exclude (globs); applied at the reader")
                .example(columnFiltersExample("public")).build());
        o.addAll(TopicRoutingOptions.OPTIONS);
        o.add(OptionSpec.objectList("transforms")
                .doc("Single-message transforms applied to this source's events, in order (docs/transforms.md)").build());
        o.add(OptionSpec.map("cdc_features")
                .doc("encryption, deduplication, tombstones, column_filters (docs/cdc-features.md; cdc-toolkit spec encryption)").build());
        o.add(passThrough(PASS_THROUGH_DOC));
        o.add(OptionSpec.oneOf("offset_storage", "file", "kafka").defaultValue("file")
                .doc("Where offsets and schema history live: files under the state directory, or Kafka topics").build());
        o.add(OptionSpec.string("kafka_bootstrap_servers").doc("Kafka brokers for offset_storage: kafka").build());
        o.add(OptionSpec.string("offset_topic").defaultValue("cdc-toolkit-offsets").rule(OptionRule.topicName())
                .doc("Offsets topic for offset_storage: kafka").build());
        o.add(OptionSpec.string("schema_history_topic").rule(OptionRule.topicName())
                .doc("Schema history topic for offset_storage: kafka (default cdc-toolkit-schema-history.<source>)").build());
        o.add(OptionSpec.longValue("offset_flush_interval_ms").defaultValue(OFFSET_FLUSH_INTERVAL_MS).min(0)
                .doc("Least time between offset saves (and, PostgreSQL, LSN confirmations to the slot); after a crash "
                        + "up to this much of acknowledged changes is delivered again. 0 saves each commit before the pipeline goes on "
                        + "(slower; a crash repeats only what was not yet committed)").build());
        o.add(OptionSpec.longValue("heartbeat_interval_ms").defaultValue(heartbeatIntervalMs).min(0)
                .doc("Heartbeat interval (Debezium's heartbeat.interval.ms; postgres-cdc's native engine keeps it too);"
                        + " lets offsets advance while captured tables are idle (0 = off)").build());
        o.add(OptionSpec.longValue("poll_interval_ms").defaultValue(pollIntervalMs).min(1)
                .doc("How long Debezium waits for new changes before polling again; bounds the latency of a "
                        + "change arriving while the reader is idle").build());
        o.add(OptionSpec.integer("max_batch_size").defaultValue(2048).min(1).doc("Most records Debezium hands over at once").build());
        o.add(OptionSpec.integer("queue_capacity").defaultValue(8192).min(1)
                .doc("Events buffered between Debezium and the pipeline; a full queue slows Debezium down").build());
        o.add(OptionSpec.longValue("start_timeout_ms").defaultValue(120_000L).min(1)
                .doc("How long start waits for the connector to connect and start").build());
        return o;
    }
}
