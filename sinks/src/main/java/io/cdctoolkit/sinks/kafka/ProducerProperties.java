package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.ACKS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.ALLOW_MESSAGE_LOSS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.BATCH_SIZE;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.COMPRESSION;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.DELIVERY_TIMEOUT_MS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.LINGER_MS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.MAX_BLOCK_MS;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PARTITIONER;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PRODUCER;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.REQUEST_TIMEOUT_MS;

/**
 * Builds the producer's properties from the sink options, in this order (later wins): our defaults
 * and typed options, the {@code security} block, then the {@code producer} block verbatim. The
 * serializers and {@code bootstrap.servers} are ours alone. Validated here, at config time, so a bad
 * property is reported with its key path instead of failing when the pipeline starts.
 */
final class ProducerProperties {

    /** Properties the sink sets itself; a {@code producer} block naming them is a config error. */
    private static final Set<String> RESERVED = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

    private static final String BYTES = ByteArraySerializer.class.getName();

    private ProducerProperties() {
    }

    /**
     * The producer properties, without {@code bootstrap.servers} (known only once an embedded broker runs).
     *
     * @param security the client properties of the {@code security} block
     * @param problems where problems go, with key paths under {@code options.keyPath()}
     */
    static Map<String, Object> build(Options options, Map<String, Object> security, List<ConfigProblem> problems) {
        String acks = options.string(ACKS);
        boolean acksAll = acks.equals("all") || acks.equals("-1");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // Idempotence keeps per-key order across retries with up to 5 requests in flight; it needs acks=all.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(acksAll));
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, acksAll ? "5" : "1");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.string(COMPRESSION));
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(options.integer(LINGER_MS)));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(options.integer(BATCH_SIZE)));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(options.integer(REQUEST_TIMEOUT_MS)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(options.integer(DELIVERY_TIMEOUT_MS)));
        // Like Kafka Connect's source tasks: while the brokers are away, send() waits (backpressure) instead
        // of failing records that the at-least-once pipeline would have to stop for.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(options.longValue(MAX_BLOCK_MS)));
        props.putAll(security);

        String producerPath = options.keyPath() + "." + PRODUCER;
        for (Map.Entry<String, Object> e : options.map(PRODUCER).entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (RESERVED.contains(key)) {
                problems.add(new ConfigProblem(producerPath + "." + key, "is set by the kafka sink itself",
                        key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) ? "use bootstrap_servers"
                                : "remove it: the sink writes the encoder's bytes as they are"));
            } else if (value instanceof Map || value instanceof List) {
                problems.add(new ConfigProblem(producerPath + "." + key, "expected a single value",
                        "write the property's value as Kafka documents it, e.g. a string or number"));
            } else if (value != null) {
                props.put(key, value.toString());
            }
        }
        checkAcks(options, props, problems);
        checkOrdering(props, producerPath, problems);
        checkKafkaAccepts(props, producerPath, problems);
        return props;
    }

    /**
     * {@code partitioner: key_value} sets each keyed record's partition itself, and Kafka ignores
     * {@code partitioner.class} and {@code partitioner.ignore.keys} for a record that has one: a
     * {@code partitioner.class}, or {@code partitioner.ignore.keys: true}, in the {@code producer} block
     * would be silently overridden, so it is a config error. Under {@code key_bytes} both are passed
     * through and work as in Kafka.
     */
    static void checkPartitioner(Options options, KeyPartitioning partitioner, List<ConfigProblem> problems) {
        if (partitioner != KeyPartitioning.KEY_VALUE) return;
        Map<String, Object> producer = options.map(PRODUCER);
        for (String key : List.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG)) {
            Object value = producer.get(key);
            boolean overridden = key.equals(ProducerConfig.PARTITIONER_CLASS_CONFIG) ? value != null
                    : value != null && value.toString().trim().equalsIgnoreCase("true");
            if (overridden) {
                problems.add(new ConfigProblem(options.keyPath() + "." + PRODUCER + "." + key,
                        "conflicts with " + options.keyPath() + "." + PARTITIONER + ": key_value, which picks the"
                                + " partition of every keyed record itself (Kafka would ignore " + key + " for them)",
                        "remove " + key + ", or set " + PARTITIONER + ": key_bytes to use it"));
            }
        }
    }

    /** The properties of {@code producer} an admin client understands too (security set through the block). */
    static Map<String, Object> forAdmin(Map<String, Object> producer) {
        Map<String, Object> admin = new LinkedHashMap<>();
        Set<String> adminNames = AdminClientConfig.configNames();
        producer.forEach((k, v) -> {
            if (adminNames.contains(k) && !k.equals(AdminClientConfig.CLIENT_ID_CONFIG)) admin.put(k, v);
        });
        return admin;
    }

    /**
     * The settings of the {@code producer} block that any Kafka client takes (those an admin client knows: security,
     * SASL, TLS, DNS and connection settings), for another client of the sink's brokers; not {@code client.id}, which
     * names the producer, nor {@code bootstrap.servers}, which the block may not set.
     */
    static Map<String, Object> clientSettings(Options options) {
        Map<String, Object> block = new LinkedHashMap<>();
        options.map(PRODUCER).forEach((key, value) -> {
            if (value != null && !(value instanceof Map) && !(value instanceof List) && !RESERVED.contains(key)) {
                block.put(key, value.toString());
            }
        });
        return forAdmin(block);
    }

    /** Whether {@code acks} waits for every in-sync replica. */
    static boolean acksAll(Map<String, Object> props) {
        String acks = String.valueOf(props.get(ProducerConfig.ACKS_CONFIG)).trim();
        return acks.equals("all") || acks.equals("-1");
    }

    /**
     * At-least-once needs acks=all: with 1 or 0 the broker acknowledges a record that a failure can
     * still lose, and the pipeline commits its source position. Only an explicit opt-in allows that.
     */
    private static void checkAcks(Options options, Map<String, Object> props, List<ConfigProblem> problems) {
        if (acksAll(props) || options.bool(ALLOW_MESSAGE_LOSS)) return;
        boolean fromProducerBlock = options.map(PRODUCER).containsKey(ProducerConfig.ACKS_CONFIG);
        String path = options.keyPath() + "." + (fromProducerBlock ? PRODUCER + "." + ProducerConfig.ACKS_CONFIG : ACKS);
        problems.add(new ConfigProblem(path, "acks " + props.get(ProducerConfig.ACKS_CONFIG)
                + " lets a broker failure lose changes whose source position is already committed",
                "use acks: all (the default), or set " + options.keyPath() + "." + ALLOW_MESSAGE_LOSS
                        + ": true to accept losing changes"));
    }

    /** Per-key order needs idempotence (≤ 5 in flight) or a single request in flight. */
    private static void checkOrdering(Map<String, Object> props, String path, List<ConfigProblem> problems) {
        boolean idempotent = Boolean.parseBoolean(props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG).toString());
        String acks = props.get(ProducerConfig.ACKS_CONFIG).toString();
        int inFlight;
        try {
            inFlight = Integer.parseInt(props.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION).toString().trim());
        } catch (NumberFormatException e) {
            return; // reported by checkKafkaAccepts
        }
        if (idempotent && !(acks.equals("all") || acks.equals("-1"))) {
            problems.add(new ConfigProblem(path + "." + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    "idempotence needs acks: all, but acks is " + acks, "set acks: all or remove enable.idempotence"));
        }
        if (idempotent && inFlight > 5) {
            problems.add(new ConfigProblem(path + "." + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    "an idempotent producer keeps order with at most 5 requests in flight, not " + inFlight,
                    "set it to 5 or less"));
        }
        if (!idempotent && inFlight > 1) {
            problems.add(new ConfigProblem(path + "." + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    "without idempotence, " + inFlight + " requests in flight can reorder a key's changes on retry",
                    "set max.in.flight.requests.per.connection: 1, or acks: all with idempotence"));
        }
    }

    /** Kafka's own type and range checks of every property (unknown names pass, as in Kafka). */
    private static void checkKafkaAccepts(Map<String, Object> props, String path, List<ConfigProblem> problems) {
        Map<String, Object> probe = new LinkedHashMap<>(props);
        probe.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        probe.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, BYTES);
        probe.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, BYTES);
        try {
            ProducerConfig.configDef().parse(probe);
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(path, e.getMessage(), "see the Kafka producer configuration reference"));
        }
    }
}
