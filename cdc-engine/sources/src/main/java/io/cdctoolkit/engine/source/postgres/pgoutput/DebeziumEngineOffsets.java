package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Debezium engine's offsets say about a source that starts with {@code engine: native} and has no
 * native offsets yet (its config switched engines): so the switch neither takes the snapshot again nor drops
 * the slot the Debezium engine was reading. From its file in the source's state directory ({@link #read}),
 * or from the offsets topic ({@link OffsetTopic#debeziumEngineOffsets}).
 *
 * <p>The file is read by {@link ConnectOffsetsFile}; a value is Debezium's PostgreSQL offset
 * ({@link ConnectOffsetsFile#snapshotRunning}).
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

    private DebeziumEngineOffsets() {
    }

    /** What the Debezium engine's offsets file in {@code stateDir} ({@code offset_storage: file}) says. */
    static Found read(Path stateDir) throws IOException {
        Found found = Found.NONE;
        for (Map<String, Object> offset : ConnectOffsetsFile.offsets(stateDir)) {
            Found one = of(offset);
            if (one == Found.SNAPSHOT_RUNNING) return one;
            found = one;
        }
        return found;
    }

    /** What one offset of the Debezium engine says (null: none). */
    static Found of(Map<?, ?> offset) {
        if (offset == null) return Found.NONE;
        return ConnectOffsetsFile.snapshotRunning(offset) ? Found.SNAPSHOT_RUNNING : Found.STREAMING;
    }
}
