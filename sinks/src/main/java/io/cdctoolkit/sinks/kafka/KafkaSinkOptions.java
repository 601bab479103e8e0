package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.OptionRule;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;

import java.util.List;

/** The options of the {@code kafka} sink's {@code config} block, declared once for validation and docs. */
final class KafkaSinkOptions {

    static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
    static final String EMBEDDED_PORT = "embedded_port";
    static final String EMBEDDED_DIR = "embedded_dir";
    static final String ACKS = "acks";
    static final String ALLOW_MESSAGE_LOSS = "allow_message_loss";
    static final String COMPRESSION = "compression";
    static final String LINGER_MS = "linger_ms";
    static final String BATCH_SIZE = "batch_size";
    static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
    static final String DELIVERY_TIMEOUT_MS = "delivery_timeout_ms";
    static final String MAX_BLOCK_MS = "max_block_ms";
    static final String CLOSE_TIMEOUT_MS = "close_timeout_ms";
    static final String HEADERS = "headers";
    static final String SECURITY = "security";
    static final String PRODUCER = "producer";
    static final String TOPIC_CREATION = "topic_creation";
    static final String PARTITIONER = "partitioner";

    static final String HEADER_OP = "op";
    static final String HEADER_TABLE = "table";
    static final String HEADER_SOURCE = "source";

    static final String PROTOCOL = "protocol";
    static final String SASL_MECHANISM = "sasl_mechanism";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TRUSTSTORE_LOCATION = "truststore_location";
    static final String TRUSTSTORE_PASSWORD = "truststore_password";
    static final String TRUSTSTORE_TYPE = "truststore_type";
    static final String KEYSTORE_LOCATION = "keystore_location";
    static final String KEYSTORE_PASSWORD = "keystore_password";
    static final String KEYSTORE_TYPE = "keystore_type";
    static final String KEY_PASSWORD = "key_password";
    static final String ENDPOINT_IDENTIFICATION = "endpoint_identification";

    static final String ENABLED = "enabled";
    static final String PARTITIONS = "partitions";
    static final String REPLICATION_FACTOR = "replication_factor";
    static final String CONFIGS = "configs";

    static final List<OptionSpec> HEADER_OPTIONS = List.of(
            OptionSpec.bool(HEADER_OP).defaultValue(true).doc("Write the cdc.op header (c, r, u, d, t)").build(),
            OptionSpec.bool(HEADER_TABLE).defaultValue(true)
                    .doc("Write the cdc.table header (database.schema.table)").build(),
            OptionSpec.bool(HEADER_SOURCE).defaultValue(true)
                    .doc("Write the cdc.source header (the source position, e.g. lsn=2345)").build());

    static final List<OptionSpec> SECURITY_OPTIONS = List.of(
            OptionSpec.oneOf(PROTOCOL, "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").defaultValue("PLAINTEXT")
                    .aliases("security.protocol").doc("How to talk to the brokers").build(),
            OptionSpec.oneOf(SASL_MECHANISM, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").defaultValue("PLAIN")
                    .aliases("sasl.mechanism").doc("SASL mechanism, with SASL_PLAINTEXT or SASL_SSL").build(),
            OptionSpec.string(USERNAME).doc("SASL user name").build(),
            OptionSpec.string(PASSWORD).secret().doc("SASL password").build(),
            OptionSpec.string(TRUSTSTORE_LOCATION).aliases("ssl.truststore.location")
                    .doc("Trust store with the brokers' CA, with SSL or SASL_SSL").build(),
            OptionSpec.string(TRUSTSTORE_PASSWORD).secret().aliases("ssl.truststore.password")
                    .doc("Trust store password").build(),
            OptionSpec.oneOf(TRUSTSTORE_TYPE, "JKS", "PKCS12", "PEM").aliases("ssl.truststore.type")
                    .doc("Trust store format (Kafka's default: JKS)").build(),
            OptionSpec.string(KEYSTORE_LOCATION).aliases("ssl.keystore.location")
                    .doc("Key store with this client's certificate, for mutual TLS").build(),
            OptionSpec.string(KEYSTORE_PASSWORD).secret().aliases("ssl.keystore.password")
                    .doc("Key store password").build(),
            OptionSpec.oneOf(KEYSTORE_TYPE, "JKS", "PKCS12", "PEM").aliases("ssl.keystore.type")
                    .doc("Key store format (Kafka's default: JKS)").build(),
            OptionSpec.string(KEY_PASSWORD).secret().aliases("ssl.key.password")
                    .doc("Password of the private key in the key store").build(),
            OptionSpec.bool(ENDPOINT_IDENTIFICATION).defaultValue(true)
                    .doc("Check that the broker's certificate matches its host name").build());

    static final List<OptionSpec> TOPIC_CREATION_OPTIONS = List.of(
            OptionSpec.bool(ENABLED).defaultValue(false)
                    .doc("Create each missing topic with the Admin API before the first record goes to it").build(),
            OptionSpec.integer(PARTITIONS).min(1).doc("Partitions of created topics (default: the broker's num.partitions)")
                    .example(3).build(),
            OptionSpec.integer(REPLICATION_FACTOR).range(1, Short.MAX_VALUE)
                    .doc("Replication factor of created topics (default: the broker's default.replication.factor)")
                    .example(3).build(),
            OptionSpec.map(CONFIGS).doc("Topic configs of created topics, e.g. cleanup.policy: compact")
                    .example(java.util.Map.of("cleanup.policy", "compact")).build());

    static final List<OptionSpec> ALL = List.of(
            OptionSpec.string(BOOTSTRAP_SERVERS).required().aliases("bootstrap.servers")
                    .rule(OptionRule.of("host:port[,host:port…] or 'embedded'", KafkaSinkOptions::bootstrapProblem))
                    .doc("Brokers as host:port[,host:port…], or 'embedded' for an in-process broker (quickstart)")
                    .example("localhost:9092").build(),
            OptionSpec.integer(EMBEDDED_PORT).defaultValue(EmbeddedBroker.DEFAULT_PORT).rule(OptionRule.port())
                    .doc("Port of the embedded broker on 127.0.0.1 (bootstrap_servers: embedded)").build(),
            OptionSpec.string(EMBEDDED_DIR)
                    .doc("Data directory of the embedded broker (default: <state_dir>/embedded-kafka)").build(),
            OptionSpec.oneOf(ACKS, "all", "1", "0", "-1").defaultValue("all")
                    .doc("Acknowledgement the producer waits for; only 'all' keeps idempotence on, and anything"
                            + " else needs allow_message_loss: true").build(),
            OptionSpec.bool(ALLOW_MESSAGE_LOSS).defaultValue(false)
                    .doc("Accept acks other than 'all': a broker failure may then lose changes whose source"
                            + " position was already committed").build(),
            OptionSpec.oneOf(COMPRESSION, "none", "gzip", "snappy", "lz4", "zstd").defaultValue("none")
                    .aliases("compression.type", "compression_type").doc("Batch compression").build(),
            OptionSpec.integer(LINGER_MS).defaultValue(5).min(0).aliases("linger.ms")
                    .doc("How long the producer waits to fill a batch").build(),
            OptionSpec.integer(BATCH_SIZE).defaultValue(262_144).min(0).aliases("batch.size")
                    .doc("Largest batch per partition, in bytes").build(),
            OptionSpec.integer(REQUEST_TIMEOUT_MS).defaultValue(30_000).min(1).aliases("request.timeout.ms")
                    .doc("How long one request may take before it is retried; also how long opening the sink"
                            + " waits for the brokers to answer").build(),
            OptionSpec.integer(DELIVERY_TIMEOUT_MS).defaultValue(Integer.MAX_VALUE).aliases("delivery.timeout.ms")
                    .doc("How long a record may be retried before it fails (default: retry until the broker is back)")
                    .build(),
            OptionSpec.longValue(MAX_BLOCK_MS).defaultValue(60_000L).min(0).aliases("max.block.ms")
                    .doc("How long a write may wait for topic metadata, a new topic's leaders or buffer space"
                            + " (backpressure) before the pipeline fails; a stop takes at most max_block_ms +"
                            + " close_timeout_ms").build(),
            OptionSpec.longValue(CLOSE_TIMEOUT_MS).defaultValue(30_000L).min(0)
                    .doc("How long a stop waits for records still in flight; those not acknowledged by then"
                            + " are not committed").build(),
            OptionSpec.oneOf(PARTITIONER, "key_bytes", "key_value").defaultValue("key_bytes")
                    .doc("Partition of a keyed record: key_bytes = Kafka's default, murmur2 of the key bytes"
                            + " (moves when the key's encoding or key schema id changes); key_value = murmur2 of"
                            + " the key row as plain JSON (the disabled mode's bytes), the same for every"
                            + " encoding. Records without a key are left to Kafka either way; see docs/kafka.md")
                    .build(),
            OptionSpec.object(HEADERS, HEADER_OPTIONS).doc("Which cdc.* headers each record carries").build(),
            OptionSpec.object(SECURITY, SECURITY_OPTIONS).doc("TLS and SASL (PLAIN, SCRAM) settings").build(),
            OptionSpec.map(PRODUCER)
                    .doc("Kafka producer properties passed through verbatim; they win over the options above")
                    .example(java.util.Map.of("max.request.size", 1_048_576)).build(),
            OptionSpec.object(TOPIC_CREATION, TOPIC_CREATION_OPTIONS)
                    .doc("Create missing topics (partitions, replication factor, topic configs)").build());

    private KafkaSinkOptions() {
    }

    /** What the producer would refuse in a {@code bootstrap_servers} value, or null. */
    static String bootstrapProblem(Object value) {
        String servers = value.toString().trim();
        if (servers.isEmpty()) return "must not be empty";
        if (servers.equals(EmbeddedBroker.EMBEDDED)) return null;
        for (String server : servers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) return "'" + s + "' is not host:port";
            String port = s.substring(colon + 1);
            int n;
            try {
                n = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return "'" + s + "': '" + port + "' is not a port number";
            }
            if (n < 1 || n > 65535) return "'" + s + "': " + n + " is not a port (1..65535)";
        }
        return null;
    }
}
