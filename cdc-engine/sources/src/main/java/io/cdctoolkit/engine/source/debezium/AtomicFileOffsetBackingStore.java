package io.cdctoolkit.engine.source.debezium;

import io.debezium.embedded.KafkaConnectUtil;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka Connect's file offset store, except that a save never leaves a torn file: it writes the
 * offsets to {@code <file>.tmp} and renames that over the file in one atomic step.
 *
 * <p>Why: {@link FileOffsetBackingStore} truncates the file and then writes it. A process killed in
 * between (SIGKILL, OOM killer) leaves an empty or partial file, which Kafka reads as "no offsets": the
 * source starts afresh (a new snapshot), so every change made in between is delivered only as its
 * final row state, and deletes not at all. Same file format, so existing offsets files keep working.
 * The file is not fsynced, like the sinks' output: this survives a killed process, not a power loss.
 */
public final class AtomicFileOffsetBackingStore extends FileOffsetBackingStore {

    private Path file;

    /** The key converter Debezium gives its own file store (Debezium instantiates this class by name). */
    public AtomicFileOffsetBackingStore() {
        super(KafkaConnectUtil.converterForOffsetStore());
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        file = Path.of(config.getString(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG));
    }

    /** Called on the store's single executor thread after each change to {@code data}. */
    @Override
    protected void save() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Map<byte[], byte[]> raw = new HashMap<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
            raw.put(array(entry.getKey()), array(entry.getValue()));
        }
        try {
            try (OutputStream out = Files.newOutputStream(temp); ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(raw);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConnectException("cannot save offsets to " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] array(ByteBuffer buffer) {
        return buffer == null ? null : buffer.array();
    }
}
