package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.debezium.embedded.EmbeddedWorkerConfig;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Offsets} in a Kafka topic ({@code offset_storage: kafka}), through Kafka Connect's own
 * {@link KafkaOffsetBackingStore}, {@link OffsetStorageWriter} and {@link OffsetStorageReaderImpl} set up as
 * the Debezium engine sets them up (schemaless JSON converters, one partition, the broker's replication
 * factor, a compacted topic created if missing) — so nothing of the topic's protocol is written here.
 *
 * <p>Key: Kafka Connect's {@code ["<source name>", {"server": "<topic prefix>", "engine": "native"}]}; the
 * Debezium engine's PostgreSQL key is {@code ["<source name>", {"server": "<topic prefix>"}]}. The two
 * engines share the topic but not the key, as with files ({@code native-offsets.properties} and
 * {@code offsets.dat} side by side in the state directory): each reads only its own offsets, so neither
 * mistakes the other's (different fields) for its own. Value: the fields of {@link OffsetFile}
 * ({@code slot}, {@code snapshot_completed}, {@code commit_lsn}, {@code index}, {@code tx_complete},
 * {@code confirmed_lsn}; LSNs as JSON numbers, the signed 64-bit form of PostgreSQL's unsigned LSN) — no
 * connection setting, so no secret, ever reaches the topic.
 *
 * <p>A save returns once the brokers acknowledged the record (Connect's producer, with the producer's default
 * {@code acks=all});
 * one not acknowledged within {@link #SAVE_TIMEOUT} (twice that when the brokers were already gone before the save:
 * the send itself may first wait that long for the topic's metadata) fails, and the reader with it.
 */
final class OffsetTopic implements OffsetStore {

    /** How long a save waits for the brokers' acknowledgement before it fails the reader. */
    static final Duration SAVE_TIMEOUT = Duration.ofSeconds(30);
    /** How long close waits for Kafka's clients to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(OffsetTopic.class);

    private final NativeOffsetTopic settings;
    private final String slot;
    private final Duration saveTimeout;
    private final Map<String, Object> partition;
    private SharedTopicAdmin admin;
    private KafkaOffsetBackingStore store;
    private OffsetStorageWriter writer;
    private OffsetStorageReaderImpl reader;

    /**
     * @param server the source's topic prefix (Debezium's {@code server} in the key)
     * @param slot   the replication slot; offsets saved for another slot are not loaded (as {@link OffsetFile})
     */
    OffsetTopic(NativeOffsetTopic settings, String server, String slot) {
        this(settings, server, slot, SAVE_TIMEOUT);
    }

    /** @param saveTimeout how long a save waits for the brokers (tests shorten it) */
    OffsetTopic(NativeOffsetTopic settings, String server, String slot, Duration saveTimeout) {
        this.settings = settings;
        this.saveTimeout = saveTimeout;
        this.slot = slot;
        // Insertion order: the key's bytes (its JSON) must be the same at every save and every start.
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server", server);
        p.put("engine", "native");
        this.partition = java.util.Collections.unmodifiableMap(p);
    }

    /** The key's partition part (tests read the topic with it). */
    Map<String, Object> partition() {
        return partition;
    }

    @Override
    public Offsets load() throws IOException {
        open();
        Map<String, Object> saved;
        try {
            saved = reader.offset(partition);
        } catch (RuntimeException e) {
            throw new IOException("reading the native reader's offsets from Kafka topic '" + settings.topic()
                    + "' failed: " + e.getMessage(), e);
        }
        if (saved == null || !slot.equals(saved.get("slot"))) return Offsets.EMPTY;
        return new Offsets(Boolean.TRUE.equals(saved.get("snapshot_completed")),
                new ResumePoint(number(saved, "commit_lsn"), number(saved, "index"),
                        !Boolean.FALSE.equals(saved.get("tx_complete"))),
                number(saved, "confirmed_lsn"));
    }

    /** The Debezium engine's offsets of this source: its PostgreSQL key, {@code {"server": "<topic prefix>"}}. */
    @Override
    public DebeziumEngineOffsets.Found debeziumEngineOffsets() throws IOException {
        open();
        try {
            return DebeziumEngineOffsets.of(reader.offset(Map.of("server", partition.get("server"))));
        } catch (RuntimeException e) {
            throw new IOException("reading the Debezium engine's offsets from Kafka topic '" + settings.topic()
                    + "' failed: " + e.getMessage(), e);
        }
    }

    private static long number(Map<String, Object> saved, String field) {
        return saved.get(field) instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void save(Offsets offsets) throws IOException {
        open();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("slot", slot);
        value.put("snapshot_completed", offsets.snapshotCompleted());
        value.put("commit_lsn", offsets.resume().commitLsn());
        value.put("index", offsets.resume().index());
        value.put("tx_complete", offsets.resume().complete());
        value.put("confirmed_lsn", offsets.confirmedLsn());
        writer.offset(partition, value);
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
            acknowledged.get(saveTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            writer.cancelFlush();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("writing the offsets to Kafka topic '" + settings.topic() + "' (brokers "
                    + settings.bootstrapServers() + ") failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            writer.cancelFlush();
            throw new IOException("Kafka brokers " + settings.bootstrapServers() + " did not acknowledge the offsets on topic '"
                    + settings.topic() + "' within " + saveTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            writer.cancelFlush();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving offsets to Kafka topic '" + settings.topic() + "'", e);
        }
    }

    /** Starts the store (creating the topic if missing, reading it to its end) on first use. */
    private void open() throws IOException {
        if (store != null) return;
        // Only what the store needs: the brokers and the topic's shape — no database setting reaches Kafka's clients.
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", settings.bootstrapServers());
        config.put("offset.storage.topic", settings.topic());
        config.put("offset.storage.partitions", "1");
        config.put("offset.storage.replication.factor", "-1"); // the broker's default.replication.factor
        // A send first waits for the topic's metadata (60 s by default), before the save's own time limit starts.
        config.put("max.block.ms", Long.toString(saveTimeout.toMillis()));
        String clientId = "cdc-toolkit-native-offsets-" + settings.engineName().replaceAll("[^A-Za-z0-9._-]", "_");
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
            throw new IOException("opening Kafka topic '" + settings.topic() + "' on " + settings.bootstrapServers()
                    + " for the native reader's offsets failed: " + e.getMessage(), e);
        }
        admin = topicAdmin;
        store = started;
        JsonConverter values = converter(false);
        writer = new OffsetStorageWriter(store, settings.engineName(), keys, values);
        reader = new OffsetStorageReaderImpl(store, settings.engineName(), keys, values);
    }

    /** Schemaless JSON, as the Debezium engine's (and Kafka Connect's) offset converters. */
    private static JsonConverter converter(boolean forKeys) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), forKeys);
        return converter;
    }

    @Override
    public void close() throws IOException {
        if (store == null) return;
        KafkaOffsetBackingStore stopping = store;
        SharedTopicAdmin stoppingAdmin = admin;
        store = null;
        reader.close();
        // Connect's KafkaBasedLog closes its producer without a time limit, and the producer retries a record
        // for ever (Connect sets delivery.timeout.ms to its maximum): after a save failed because the brokers
        // are gone, an inline stop would never return. So the stop runs on a thread of its own, waited for a while.
        Thread stopper = new Thread(() -> {
            try {
                stopping.stop();
            } finally {
                stoppingAdmin.close();
            }
        }, "cdc-native-offsets-stop-" + settings.topic());
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("the Kafka clients of offsets topic '{}' did not stop within {} s (brokers {} unreachable?); left to stop"
                    + " in the background", settings.topic(), STOP_TIMEOUT.toSeconds(), settings.bootstrapServers());
        }
    }
}
