package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.source.debezium.ConnectOffsetTopic;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link Offsets} in a Kafka topic ({@code offset_storage: kafka}), through {@link ConnectOffsetTopic} (Kafka
 * Connect's own offsets store, set up as the Debezium engine sets it up) — so nothing of the topic's protocol is
 * written here.
 *
 * <p>Key: Kafka Connect's {@code ["<source name>", {"server": "<topic prefix>", "engine": "native"}]}; the
 * Debezium engine's PostgreSQL key is {@code ["<source name>", {"server": "<topic prefix>"}]}. The two
 * engines share the topic but not the key, as with files ({@code native-offsets.properties} and
 * {@code offsets.dat} side by side in the state directory): each reads only its own offsets, so neither
 * mistakes the other's (different fields) for its own. Value: the fields of {@link OffsetFile}
 * ({@code slot}, {@code snapshot_completed}, {@code commit_lsn}, {@code index}, {@code tx_complete},
 * {@code confirmed_lsn}, {@code captured_tables}, {@code backfill_tables}, {@code backfill_reread_tables} and
 * {@code backfill_conditions} (an object) as the
 * text of a JSON array (Connect's offsets take only primitive values), {@code backfill_lsn}; LSNs as JSON numbers, the
 * signed 64-bit form of PostgreSQL's unsigned LSN) — no
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

    private final String slot;
    private final Map<String, Object> partition;
    private final ConnectOffsetTopic topic;

    /**
     * @param server the source's topic prefix (Debezium's {@code server} in the key)
     * @param slot   the replication slot; offsets saved for another slot are not loaded (as {@link OffsetFile})
     */
    OffsetTopic(NativeOffsetTopic settings, String server, String slot) {
        this(settings, server, slot, SAVE_TIMEOUT);
    }

    /** @param saveTimeout how long a save waits for the brokers (tests shorten it) */
    OffsetTopic(NativeOffsetTopic settings, String server, String slot, Duration saveTimeout) {
        this.slot = slot;
        // Insertion order: the key's bytes (its JSON) must be the same at every save and every start.
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server", server);
        p.put("engine", "native");
        this.partition = java.util.Collections.unmodifiableMap(p);
        String clientId = "cdc-toolkit-native-offsets-" + settings.engineName().replaceAll("[^A-Za-z0-9._-]", "_");
        this.topic = new ConnectOffsetTopic(settings.bootstrapServers(), settings.topic(), settings.engineName(), clientId,
                "the native reader's offsets", saveTimeout);
    }

    /** The key's partition part (tests read the topic with it). */
    Map<String, Object> partition() {
        return partition;
    }

    @Override
    public Offsets load() throws IOException {
        Map<String, Object> saved = topic.read(partition);
        if (saved == null || !slot.equals(saved.get("slot"))) return Offsets.EMPTY;
        Set<String> backfill = tables(saved, "backfill_tables");
        return new Offsets(Boolean.TRUE.equals(saved.get("snapshot_completed")),
                new ResumePoint(number(saved, "commit_lsn"), number(saved, "index"),
                        !Boolean.FALSE.equals(saved.get("tx_complete"))),
                number(saved, "confirmed_lsn"), tables(saved, "captured_tables"),
                backfill == null ? null : new Offsets.Backfill(backfill, number(saved, "backfill_lsn"),
                        TableNamesText.orEmpty(tables(saved, "backfill_reread_tables")),
                        TableNamesText.readConditions((String) saved.get("backfill_conditions"))));
    }

    private static Set<String> tables(Map<String, Object> saved, String field) throws IOException {
        return TableNamesText.read(saved.get(field) instanceof String text ? text : null);
    }

    /** The Debezium engine's offsets of this source: its PostgreSQL key, {@code {"server": "<topic prefix>"}}. */
    @Override
    public DebeziumEngineOffsets.Found debeziumEngineOffsets() throws IOException {
        return DebeziumEngineOffsets.of(topic.read(Map.of("server", partition.get("server"))));
    }

    private static long number(Map<String, Object> saved, String field) {
        return saved.get(field) instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void save(Offsets offsets) throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("slot", slot);
        value.put("snapshot_completed", offsets.snapshotCompleted());
        value.put("commit_lsn", offsets.resume().commitLsn());
        value.put("index", offsets.resume().index());
        value.put("tx_complete", offsets.resume().complete());
        value.put("confirmed_lsn", offsets.confirmedLsn());
        if (offsets.captured() != null) value.put("captured_tables", TableNamesText.write(offsets.captured()));
        if (offsets.backfill() != null) {
            value.put("backfill_tables", TableNamesText.write(offsets.backfill().tables()));
            value.put("backfill_lsn", offsets.backfill().consistentPoint());
            if (!offsets.backfill().reread().isEmpty()) {
                value.put("backfill_reread_tables", TableNamesText.write(offsets.backfill().reread()));
            }
            if (!offsets.backfill().conditions().isEmpty()) {
                value.put("backfill_conditions", TableNamesText.writeConditions(offsets.backfill().conditions()));
            }
        }
        topic.write(partition, value);
    }

    @Override
    public void close() throws IOException {
        topic.close();
    }
}
