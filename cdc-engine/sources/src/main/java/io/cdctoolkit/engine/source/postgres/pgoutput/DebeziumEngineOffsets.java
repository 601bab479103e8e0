package io.cdctoolkit.engine.source.postgres.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.source.debezium.EngineProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Debezium engine's offsets say about a source that starts with {@code engine: native} and has no
 * native offsets yet (its config switched engines): so the switch neither takes the snapshot again nor drops
 * the slot the Debezium engine was reading. From its file in the source's state directory ({@link #read}),
 * or from the offsets topic ({@link OffsetTopic#debeziumEngineOffsets}).
 *
 * <p>The file is Kafka Connect's {@code FileOffsetBackingStore} format (a Java-serialized map of JSON
 * key and value bytes); it is read here as that store reads it, with a deserialization filter that admits
 * only the map and byte arrays. A value is Debezium's PostgreSQL offset ({@link #snapshotRunning}).
 */
final class DebeziumEngineOffsets {

    /** What the file says about the source. */
    enum Found {
        /** No file, or no offsets in it: the Debezium engine never committed anything here. */
        NONE,
        /** The Debezium engine's snapshot did not finish: a native start takes it again, as Debezium would. */
        SNAPSHOT_RUNNING,
        /** The snapshot finished (or was never taken) and changes were streamed: the slot holds the position. */
        STREAMING
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DebeziumEngineOffsets() {
    }

    /** What the Debezium engine's offsets file in {@code stateDir} ({@code offset_storage: file}) says. */
    static Found read(Path stateDir) throws IOException {
        Path file = stateDir.resolve(EngineProperties.OFFSETS_FILE);
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return Found.NONE;
        Map<?, ?> raw;
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(DebeziumEngineOffsets::onlyMapsOfBytes);
            raw = (Map<?, ?>) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
            throw new IOException("the Debezium engine's offsets file " + file + " is not Kafka Connect's offsets format: "
                    + e.getMessage(), e);
        }
        Found found = Found.NONE;
        for (Object value : raw.values()) {
            if (!(value instanceof byte[] bytes)) continue;
            JsonNode offset = JSON.readTree(bytes);
            if (offset == null || !offset.isObject()) continue;
            Found one = of(JSON.convertValue(offset, Map.class));
            if (one == Found.SNAPSHOT_RUNNING) return one;
            found = one;
        }
        return found;
    }

    /** What one offset of the Debezium engine says (null: none). */
    static Found of(Map<?, ?> offset) {
        if (offset == null) return Found.NONE;
        return snapshotRunning(offset) ? Found.SNAPSHOT_RUNNING : Found.STREAMING;
    }

    /**
     * As Debezium 3.5 loads an offset ({@code CommonOffsetContext.Loader.loadSnapshot}/{@code loadSnapshotCompleted},
     * {@code PostgresOffsetContext}): {@code snapshot} is {@code true}/"true" or a snapshot type such as
     * "INITIAL" while a snapshot's rows are delivered; it is over once {@code last_snapshot_record} or
     * {@code snapshot_completed} is true.
     */
    static boolean snapshotRunning(Map<?, ?> offset) {
        Object snapshot = offset.get("snapshot");
        boolean inSnapshot = snapshot instanceof String text ? !text.isEmpty() : Boolean.TRUE.equals(snapshot);
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
