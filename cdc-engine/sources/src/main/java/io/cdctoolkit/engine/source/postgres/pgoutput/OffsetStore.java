package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the native reader keeps its {@link Offsets}: {@link OffsetFile} ({@code offset_storage: file}) or
 * {@link OffsetTopic} ({@code offset_storage: kafka}). {@link OffsetSaver} calls {@link #save} on one thread
 * at a time; a save returns only once the offsets are durable (fsynced, or acknowledged by the brokers).
 */
interface OffsetStore extends AutoCloseable {

    /**
     * The store of slot {@code slot}'s offsets: the file in {@code stateDir}, or ({@code offset_storage: kafka})
     * {@code offsetTopic} under the key of {@code sourceName}.
     *
     * @param offsetTopic {@code offset_storage: kafka}'s topic, or null for {@code offset_storage: file}
     */
    static OffsetStore of(Path stateDir, NativeOffsetTopic offsetTopic, String sourceName, String slot) {
        return offsetTopic == null ? new OffsetFile(stateDir, slot) : new OffsetTopic(offsetTopic, sourceName, slot);
    }

    /** The saved offsets; {@link Offsets#EMPTY} when none were saved, or they belong to another slot. */
    Offsets load() throws IOException;

    /** What the Debezium engine saved for this source in the same storage (a source that switched engines). */
    DebeziumEngineOffsets.Found debeziumEngineOffsets() throws IOException;

    /** Saves {@code offsets}, durably, before returning; a failure is thrown, never swallowed. */
    void save(Offsets offsets) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
