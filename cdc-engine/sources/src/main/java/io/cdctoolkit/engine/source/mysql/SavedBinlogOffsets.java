package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ConnectOffsetTopic;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.source.debezium.EngineProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A binlog source's saved offset and schema history where its Debezium engine keeps them ({@code offset_storage: file}
 * or {@code kafka}), read — and for a new snapshot set aside — before the engine starts ({@link PurgedBinlogStart});
 * and, beside them, the table filter the last start captured with ({@link BinlogNewlyCaptured}).
 */
interface SavedBinlogOffsets extends AutoCloseable {

    /** The saved offset (a source keeps one), if any. */
    Optional<Map<String, Object>> offset() throws IOException;

    /**
     * Sets the offset and the schema history aside, so that the engine starts as a new source and keeps what it had
     * for inspection; {@code stamp} (the UTC time) tells the set-aside copies apart. Returns where they went, for the
     * WARN.
     */
    String setAside(String stamp) throws IOException;

    /** How to start as a new source by hand, for a message. */
    String howToStartAfresh();

    /**
     * The table filter the last start captured with ({@link BinlogNewlyCaptured}), as JSON text, kept beside the offset
     * — where it survives as long as the offset does — if one was recorded.
     */
    Optional<String> capturedFilter() throws IOException;

    /** Records the table filter this start captures with ({@link #capturedFilter}). */
    void recordCapturedFilter(String filter) throws IOException;

    @Override
    void close();

    /**
     * In the state directory: Kafka Connect's offsets file and Debezium's schema history file; the captured tables'
     * filter in a file of its own ({@link BinlogNewlyCaptured#FILE}).
     */
    static SavedBinlogOffsets inStateDirectory(Path stateDir) {
        Path offsets = ConnectOffsetsFile.in(stateDir);
        Path history = stateDir.resolve(EngineProperties.SCHEMA_HISTORY_FILE);
        Path captured = stateDir.resolve(BinlogNewlyCaptured.FILE);
        return new SavedBinlogOffsets() {
            @Override
            public Optional<String> capturedFilter() throws IOException {
                return Files.isRegularFile(captured) ? Optional.of(Files.readString(captured, StandardCharsets.UTF_8))
                        : Optional.empty();
            }

            @Override
            public void recordCapturedFilter(String filter) throws IOException {
                // Written whole and moved into place: a crash leaves the old record or the new one.
                Files.createDirectories(stateDir);
                Path tmp = captured.resolveSibling(BinlogNewlyCaptured.FILE + ".tmp");
                Files.writeString(tmp, filter, StandardCharsets.UTF_8);
                Files.move(tmp, captured, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }

            @Override
            public Optional<Map<String, Object>> offset() throws IOException {
                List<Map<String, Object>> all = ConnectOffsetsFile.offsets(stateDir);
                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
            }

            @Override
            public String setAside(String stamp) throws IOException {
                String suffix = ".purged-" + stamp;
                rename(offsets, suffix);
                rename(history, suffix);
                return "the old offsets and schema history are kept beside them, ending in " + suffix;
            }

            @Override
            public String howToStartAfresh() {
                return "delete " + offsets + " and " + history;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * In Kafka, as the engine's properties name them (brokers, offsets topic, schema history topic, name, topic prefix;
     * only these are read: no database setting reaches Kafka's clients): the offset under Debezium's key
     * {@code ["<source name>", {"server": "<topic prefix>"}]} of the offsets topic, and the schema history topic. A
     * topic cannot be renamed: the old offset is kept in the offsets topic under a key of its own ({@code "purged"}
     * added to the partition), then deleted from the source's key (a tombstone); the schema history topic is kept as
     * it is, and the new snapshot writes the tables' definitions after its records (Debezium replays them in order).
     */
    static SavedBinlogOffsets inKafka(Map<String, String> engineProperties) {
        String offsetTopic = engineProperties.get("offset.storage.topic");
        String historyTopic = engineProperties.get("schema.history.internal.kafka.topic");
        String sourceName = engineProperties.get("name");
        String topicPrefix = engineProperties.get("topic.prefix");
        String bootstrapServers = engineProperties.get("bootstrap.servers");
        String clientId = "cdc-toolkit-binlog-offsets-" + topicPrefix;
        ConnectOffsetTopic topic = new ConnectOffsetTopic(bootstrapServers, offsetTopic, sourceName, clientId,
                "the saved binlog offset", Duration.ofSeconds(30));
        Map<String, Object> partition = Map.of("server", topicPrefix);
        // Insertion order: the key's JSON is the same whoever writes it.
        Map<String, Object> capturedKey = new LinkedHashMap<>();
        capturedKey.put("server", topicPrefix);
        capturedKey.put("cdc-toolkit", "captured-tables");
        return new SavedBinlogOffsets() {
            // Connect takes only primitive values in an offset: the record's JSON text as one string field.
            @Override
            public Optional<String> capturedFilter() throws IOException {
                Map<String, Object> recorded = topic.exists() ? topic.read(capturedKey) : null;
                return recorded == null ? Optional.empty() : Optional.ofNullable((String) recorded.get("filter"));
            }

            @Override
            public void recordCapturedFilter(String filter) throws IOException {
                topic.write(capturedKey, Map.of("filter", filter));
            }

            @Override
            public Optional<Map<String, Object>> offset() throws IOException {
                // No topic, no offset: asked first, so that a look (check) does not create the topic.
                return topic.exists() ? Optional.ofNullable(topic.read(partition)) : Optional.empty();
            }

            @Override
            public String setAside(String stamp) throws IOException {
                Map<String, Object> old = topic.read(partition);
                // Insertion order: the key's JSON is the same whoever writes it.
                Map<String, Object> keptUnder = new LinkedHashMap<>();
                keptUnder.put("server", topicPrefix);
                keptUnder.put("purged", stamp);
                if (old != null) topic.write(keptUnder, old);
                topic.write(partition, null);
                return "the old offset is kept in Kafka topic '" + offsetTopic + "' under the key [\"" + sourceName
                        + "\"," + "{\"server\":\"" + topicPrefix + "\",\"purged\":\"" + stamp + "\"}]; schema history"
                        + " topic '" + historyTopic + "' is kept and goes on with the new snapshot";
            }

            @Override
            public String howToStartAfresh() {
                return "delete the offset under the key [\"" + sourceName + "\",{\"server\":\"" + topicPrefix
                        + "\"}] from Kafka topic '" + offsetTopic + "' (a record with that key and a null value) and"
                        + " schema history topic '" + historyTopic + "'";
            }

            @Override
            public void close() {
                topic.close();
            }
        };
    }

    private static void rename(Path file, String suffix) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(file.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
