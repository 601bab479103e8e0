package io.cdctoolkit.engine.source.debezium;

import io.debezium.embedded.EmbeddedWorkerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kafka Connect offsets topic ({@code offset_storage: kafka}) read and written outside the Debezium engine, through
 * Connect's own {@link KafkaOffsetBackingStore}, {@link OffsetStorageWriter} and {@link OffsetStorageReaderImpl} set up
 * as the Debezium engine sets them up (schemaless JSON converters, one partition, the broker's replication factor, a
 * compacted topic created if missing) — so nothing of the topic's protocol is written here. A key is Connect's
 * {@code ["<engine name>", <partition>]}.
 *
 * <p>Opened on first use; a write returns once the brokers acknowledged the record (Connect's producer, {@code acks=all})
 * and fails when that takes longer than the write timeout. Only the brokers and the topic's shape reach Kafka's clients:
 * no database setting.
 */
public final class ConnectOffsetTopic implements AutoCloseable {

    /** How long close waits for Kafka's clients to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectOffsetTopic.class);

    private final String bootstrapServers;
    private final String topic;
    private final String engineName;
    private final String clientId;
    private final String whose;
    private final Duration writeTimeout;
    private SharedTopicAdmin admin;
    private KafkaOffsetBackingStore store;
    private OffsetStorageWriter writer;
    private OffsetStorageReaderImpl reader;

    /**
     * @param bootstrapServers Kafka brokers
     * @param topic            the offsets topic
     * @param engineName       the key's namespace (the Debezium engine's {@code name}: the source's name)
     * @param clientId         Kafka client id of the store's clients
     * @param whose            whose offsets, for messages ("the native reader's offsets")
     * @param writeTimeout     how long a write waits for the brokers' acknowledgement (and a send for the topic's metadata)
     */
    public ConnectOffsetTopic(String bootstrapServers, String topic, String engineName, String clientId, String whose,
                              Duration writeTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.engineName = engineName;
        this.clientId = clientId;
        this.whose = whose;
        this.writeTimeout = writeTimeout;
    }

    /**
     * Whether the topic exists, asked without creating it (opening the store creates a missing topic, as the Debezium
     * engine's start does): a look such as {@code check} must not leave a topic behind.
     */
    public boolean exists() throws IOException {
        failIfNothingListens();
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", clientId + "-look");
        config.put("default.api.timeout.ms", (int) Math.min(writeTimeout.toMillis(), Integer.MAX_VALUE));
        try (Admin admin = Admin.create(config)) {
            return admin.listTopics().names().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("listing the topics of Kafka brokers " + bootstrapServers + " (for topic '" + topic
                    + "') failed: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing the topics of Kafka brokers " + bootstrapServers, e);
        } catch (RuntimeException e) {
            throw new IOException("listing the topics of Kafka brokers " + bootstrapServers + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The offset saved under {@code partition}, or null (none, or deleted). */
    public Map<String, Object> read(Map<String, Object> partition) throws IOException {
        open();
        try {
            return reader.offset(partition);
        } catch (RuntimeException e) {
            throw new IOException("reading the offsets of " + partition + " from Kafka topic '" + topic + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Saves {@code offset} under {@code partition} — null deletes it (a tombstone: Connect then reads no offset) —
     * and waits for the brokers' acknowledgement.
     */
    public void write(Map<String, Object> partition, Map<String, Object> offset) throws IOException {
        open();
        writer.offset(partition, offset);
        if (!writer.beginFlush()) return; // cannot happen: an offset was just set
        // Waited for through the flush callback, not the Future doFlush returns: that Future's timed get can wait for
        // ever (connect-runtime 4.1: it calls wait(0) when the time left is exactly 0 ms, as after a wait that ran to
        // its end). The callback also carries a serialization failure (doFlush then returns null).
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        writer.doFlush((error, ignored) -> {
            if (error == null) acknowledged.complete(null);
            else acknowledged.completeExceptionally(error);
        });
        try {
            acknowledged.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            writer.cancelFlush();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("writing " + whose + " to Kafka topic '" + topic + "' (brokers " + bootstrapServers
                    + ") failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            writer.cancelFlush();
            throw new IOException("Kafka brokers " + bootstrapServers + " did not acknowledge " + whose + " on topic '"
                    + topic + "' within " + writeTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            writer.cancelFlush();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving " + whose + " to Kafka topic '" + topic + "'", e);
        }
    }

    /** Starts the store (creating the topic if missing, reading it to its end) on first use. */
    private void open() throws IOException {
        if (store != null) return;
        failIfNothingListens();
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("offset.storage.topic", topic);
        config.put("offset.storage.partitions", "1");
        config.put("offset.storage.replication.factor", "-1"); // the broker's default.replication.factor
        // A send first waits for the topic's metadata (60 s by default), before the write's own time limit starts.
        config.put("max.block.ms", Long.toString(writeTimeout.toMillis()));
        Map<String, Object> adminConfig = new HashMap<>(config);
        adminConfig.put("client.id", clientId + "-admin");
        JsonConverter keys = converter(true);
        SharedTopicAdmin topicAdmin = new SharedTopicAdmin(adminConfig);
        KafkaOffsetBackingStore started = new KafkaOffsetBackingStore(topicAdmin, () -> clientId, keys);
        try {
            started.configure(new EmbeddedWorkerConfig(config));
            started.start();
        } catch (RuntimeException e) {
            try {
                started.stop();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            topicAdmin.close();
            throw new IOException("opening Kafka topic '" + topic + "' on " + bootstrapServers + " for " + whose
                    + " failed: " + e.getMessage(), e);
        }
        admin = topicAdmin;
        store = started;
        JsonConverter values = converter(false);
        writer = new OffsetStorageWriter(store, engineName, keys, values);
        reader = new OffsetStorageReaderImpl(store, engineName, keys, values);
    }

    /**
     * Fails at once when no broker address takes a connection: Connect's clients would retry for a minute and then say
     * only "Failed to connect to and describe Kafka cluster".
     */
    private void failIfNothingListens() throws IOException {
        Optional<String> unreachable = OffsetStorageCheck.unreachable(bootstrapServers, topic);
        if (unreachable.isPresent()) throw new IOException(whose + ": " + unreachable.get() + " (kafka_bootstrap_servers)");
    }

    /** Schemaless JSON, as the Debezium engine's (and Kafka Connect's) offset converters. */
    private static JsonConverter converter(boolean forKeys) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), forKeys);
        return converter;
    }

    /** Stops the store's clients, waiting at most a while (see below); nothing to do when it was never opened. */
    @Override
    public void close() {
        if (store == null) return;
        KafkaOffsetBackingStore stopping = store;
        SharedTopicAdmin stoppingAdmin = admin;
        store = null;
        reader.close();
        // Connect's KafkaBasedLog closes its producer without a time limit, and the producer retries a record
        // for ever (Connect sets delivery.timeout.ms to its maximum): after a write failed because the brokers
        // are gone, an inline stop would never return. So the stop runs on a thread of its own, waited for a while.
        Thread stopper = new Thread(() -> {
            try {
                stopping.stop();
            } finally {
                stoppingAdmin.close();
            }
        }, "cdc-offsets-topic-stop-" + topic);
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("the Kafka clients of offsets topic '{}' did not stop within {} s (brokers {} unreachable?); left to stop"
                    + " in the background", topic, STOP_TIMEOUT.toSeconds(), bootstrapServers);
        }
    }
}
