package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.SinkFactory;
import io.cdctoolkit.engine.spi.SinkDestinations;
import io.cdctoolkit.engine.spi.SinkInspector;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBrokerLocation;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.BOOTSTRAP_SERVERS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.CLOSE_TIMEOUT_MS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.CONFIGS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.EMBEDDED_DIR;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.EMBEDDED_PORT;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.ENABLED;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.HEADERS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.HEADER_OP;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.HEADER_SOURCE;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.HEADER_TABLE;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PARTITIONER;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PARTITIONS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.REPLICATION_FACTOR;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.REQUEST_TIMEOUT_MS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.SECURITY;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.TOPIC_CREATION;

/**
 * The {@code kafka} sink: writes encoded change records to Kafka topics with an idempotent producer
 * (kafka-clients), optionally creating missing topics, or to an in-process broker with
 * {@code bootstrap_servers: embedded}. See {@code docs/kafka.md}.
 */
public final class KafkaSinkFactory implements SinkFactory, SinkInspector {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SINK, "kafka",
            "Writes each record to its Kafka topic with an idempotent producer: keys and values are the encoder's"
                    + " bytes, tombstones have a null value, cdc.op/cdc.table/cdc.source headers, per-key order kept;"
                    + " partitioner: key_value keeps each key on one partition whatever its encoding."
                    + " bootstrap_servers: embedded starts an in-process broker for the quickstart.",
            KafkaSinkOptions.ALL);

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public Sink create(Options options, ComponentContext context) throws ConfigException {
        return new KafkaSink(config(options, context), context.name(), context.meterRegistry());
    }

    /** Everything {@link #config} checks, at load: e.g. {@code acks} other than all without the opt-in. */
    @Override
    public List<ConfigProblem> validate(Options options) {
        try {
            // The state directory only places the embedded broker's default data directory: nothing is touched.
            config(options, ComponentContext.of("validate", Path.of(".")));
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        return check(options, context, Set.of());
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context, Set<String> destinations)
            throws ConnectivityException {
        return check(options, context, SinkDestinations.of(destinations));
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context, SinkDestinations destinations)
            throws ConnectivityException {
        try {
            return KafkaSinkInspector.check(config(options, context), destinations);
        } catch (ConfigException e) {
            // check validates the config before it inspects anything; options that fail here are a bug.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Where the embedded broker of a kafka sink with {@code bootstrap_servers: embedded} runs (as the sink starts it);
     * empty for any other sink.
     *
     * @param sinkOptions the sink's validated options
     * @param stateDir    the config's {@code state_dir}, under which the broker's data goes by default
     */
    public static Optional<EmbeddedBrokerLocation> embeddedBroker(Options sinkOptions, Path stateDir) {
        if (!EmbeddedBroker.EMBEDDED.equals(sinkOptions.string(BOOTSTRAP_SERVERS).trim())) return Optional.empty();
        return Optional.of(new EmbeddedBrokerLocation(embeddedDir(sinkOptions, stateDir),
                sinkOptions.integer(EMBEDDED_PORT)));
    }

    private static Path embeddedDir(Options options, Path stateDir) {
        return options.optionalString(EMBEDDED_DIR).map(Path::of).orElse(EmbeddedBroker.defaultDataDir(stateDir));
    }

    /**
     * Where another client of a kafka sink's brokers connects, and how ({@code tail --config F --sink NAME}): the sink's
     * {@code bootstrap_servers} under {@code bootstrap.servers}, then the client settings of its {@code security} block
     * (protocol, SASL login, TLS stores) as the sink's producer gets them — the SASL password inside
     * {@code sasl.jaas.config}, which Kafka never logs —, then the settings of its {@code producer} block that every
     * Kafka client takes (an OAUTHBEARER login or a TLS set-up written there; as the sink's own admin client gets them).
     *
     * @param sinkOptions the sink's validated options
     */
    public static Map<String, Object> clientConnection(Options sinkOptions) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", sinkOptions.string(BOOTSTRAP_SERVERS).trim());
        props.putAll(ClientSecurity.properties(sinkOptions.nested(SECURITY), problems));
        props.putAll(ProducerProperties.clientSettings(sinkOptions));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return props;
    }

    /** The sink's settings from validated options; every problem at once. */
    static KafkaSinkConfig config(Options options, ComponentContext context) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        String path = options.keyPath();
        String bootstrap = options.string(BOOTSTRAP_SERVERS).trim();
        boolean embedded = bootstrap.equals(EmbeddedBroker.EMBEDDED);
        int port = options.integer(EMBEDDED_PORT);
        Options security = options.nested(SECURITY);
        Map<String, Object> securityProps = ClientSecurity.properties(security, problems);
        if (embedded && !"PLAINTEXT".equals(securityProps.get("security.protocol"))) {
            problems.add(new ConfigProblem(path + "." + SECURITY, "the embedded broker speaks PLAINTEXT only",
                    "remove the security block while bootstrap_servers is 'embedded'"));
        }
        KeyPartitioning partitioner = KeyPartitioning.of(options.string(PARTITIONER));
        Map<String, Object> producer = ProducerProperties.build(options, securityProps, problems);
        ProducerProperties.checkPartitioner(options, partitioner, problems);
        TopicCreationSettings topicCreation = topicCreation(options.nested(TOPIC_CREATION), problems);
        checkBatchFitsCreatedTopics(topicCreation, producer, options.nested(TOPIC_CREATION).keyPath(), problems);
        Options headers = options.nested(HEADERS);
        Path embeddedDir = embeddedDir(options, context.stateDir());
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new KafkaSinkConfig(bootstrap, embeddedDir, port, producer, headers.bool(HEADER_OP),
                headers.bool(HEADER_TABLE), headers.bool(HEADER_SOURCE), topicCreation,
                Duration.ofMillis(options.longValue(CLOSE_TIMEOUT_MS)),
                Duration.ofMillis(options.integer(REQUEST_TIMEOUT_MS)), partitioner);
    }

    /**
     * Topics created with a {@code max.message.bytes} below {@code batch_size} would stop the sink at its first write to
     * each ({@link TopicGate}: a batch the broker refuses would be split into batches as large and retried for ever),
     * the dead-letter topic included: a config error now rather than a stop later.
     */
    private static void checkBatchFitsCreatedTopics(TopicCreationSettings creation, Map<String, Object> producer,
                                                    String path, List<ConfigProblem> problems) {
        String limit = creation.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        Object batchSize = producer.get(ProducerConfig.BATCH_SIZE_CONFIG);
        if (!creation.enabled() || limit == null || batchSize == null) return;
        long max;
        try {
            max = Long.parseLong(limit.trim());
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(path + "." + CONFIGS + "." + TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    "'" + limit + "' is not a number of bytes", "e.g. max.message.bytes: 1048588"));
            return;
        }
        long batch = Long.parseLong(batchSize.toString().trim());
        if (max < batch) {
            problems.add(new ConfigProblem(path + "." + CONFIGS + "." + TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    "topics are created taking batches of at most " + max + " bytes, below batch_size " + batch
                            + ": the sink would stop at its first write to each (a batch the broker refuses would be"
                            + " split into batches as large and retried for ever)",
                    "set batch_size to at most " + max + ", or raise max.message.bytes"));
        }
    }

    private static TopicCreationSettings topicCreation(Options o, List<ConfigProblem> problems) {
        String path = o.keyPath();
        Optional<Integer> partitions = Optional.ofNullable((Integer) o.raw(PARTITIONS));
        Optional<Integer> replication = Optional.ofNullable((Integer) o.raw(REPLICATION_FACTOR));
        Map<String, String> configs = new LinkedHashMap<>();
        o.map(CONFIGS).forEach((k, v) -> {
            if (v instanceof Map || v instanceof List || v == null) {
                problems.add(new ConfigProblem(path + "." + CONFIGS + "." + k, "expected a single value",
                        "e.g. cleanup.policy: compact"));
            } else {
                configs.put(k, v.toString());
            }
        });
        return new TopicCreationSettings(o.bool(ENABLED), partitions,
                replication.map(Integer::shortValue), configs);
    }
}
