package io.cdctoolkit.engine.source.debezium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offsets a Debezium-engine source saved in its state directory ({@code offset_storage: file}), read before the
 * engine starts. The file is Kafka Connect's {@code FileOffsetBackingStore} format (a Java-serialized map of JSON key
 * and value bytes); it is read here as that store reads it, with a deserialization filter that admits only the map
 * and byte arrays.
 */
public final class ConnectOffsetsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectOffsetsFile() {
    }

    /** The file of the offsets in {@code stateDir} ({@link EngineProperties#OFFSETS_FILE}). */
    public static Path in(Path stateDir) {
        return stateDir.resolve(EngineProperties.OFFSETS_FILE);
    }

    /**
     * The saved offsets (each a JSON object as a map) of the file in {@code stateDir}; none when there is no file or
     * it is empty. A source's state directory holds its own offsets only.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> offsets(Path stateDir) throws IOException {
        Path file = in(stateDir);
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return List.of();
        Map<?, ?> raw;
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(ConnectOffsetsFile::onlyMapsOfBytes);
            raw = (Map<?, ?>) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
            throw new IOException("the Debezium engine's offsets file " + file + " is not Kafka Connect's offsets format: "
                    + e.getMessage(), e);
        }
        List<Map<String, Object>> offsets = new ArrayList<>();
        for (Object value : raw.values()) {
            if (!(value instanceof byte[] bytes)) continue;
            JsonNode offset = JSON.readTree(bytes);
            if (offset != null && offset.isObject()) offsets.add(JSON.convertValue(offset, Map.class));
        }
        return offsets;
    }

    /**
     * Whether {@code offset} was saved while the initial snapshot's rows were delivered, as Debezium 3.5 loads an offset
     * ({@code CommonOffsetContext.isInitialSnapshotRunning}): {@code snapshot} is {@code true}/"true" or "INITIAL" then
     * (a backfill's blocking snapshot, "BLOCKING", is not one: a restart streams on, and the reader sends the backfill
     * again); it is over once {@code last_snapshot_record} or {@code snapshot_completed} is true.
     */
    public static boolean snapshotRunning(Map<?, ?> offset) {
        Object snapshot = offset.get("snapshot");
        boolean inSnapshot = Boolean.TRUE.equals(snapshot) || "true".equals(snapshot) || "INITIAL".equals(snapshot);
        return inSnapshot && !isTrue(offset.get("last_snapshot_record")) && !isTrue(offset.get("snapshot_completed"));
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    private static ObjectInputFilter.Status onlyMapsOfBytes(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type == null) return info.depth() > 3 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
        // HashMap checks the size of the table it will allocate as a Map.Entry[] before reading the entries.
        return type == java.util.HashMap.class || type == java.util.Map.Entry[].class || type == byte[].class
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
