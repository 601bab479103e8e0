package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.state.DurableFiles;
import io.debezium.embedded.KafkaConnectUtil;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Kafka Connect's file offset store, made durable and honest about failures.
 *
 * <ul>
 *   <li><b>Never a torn file:</b> a save writes {@code <file>.tmp}, fsyncs it, renames it over the file
 *   and fsyncs the folder ({@link DurableFiles}). {@link FileOffsetBackingStore} truncates the file and
 *   then writes it: a process killed in between left an empty or partial file, read as "no offsets",
 *   and the source started afresh with a new snapshot. Same file format, so existing files keep working.</li>
 *   <li><b>Only saved offsets are visible:</b> the offsets the store answers with ({@link #get}) change
 *   only after they are on disk. Kafka's store updates its map first and saves after, so when the save
 *   failed it still answered with the unsaved offsets; Debezium's PostgreSQL task reads the store to
 *   decide which LSN to confirm to the replication slot (at every commit and at stop), so the slot
 *   moved past offsets that were never saved, and the next start found its position gone.</li>
 *   <li><b>A failed save is reported</b> to whoever {@linkplain #watch watches} the file (the reader,
 *   which stops the pipeline): Debezium's engine only logs it as a warning and goes on.</li>
 * </ul>
 */
public final class AtomicFileOffsetBackingStore extends FileOffsetBackingStore {

    // The one piece of static state, and why: Debezium's engine creates this store itself, by class name,
    // so no reference to the reader can be passed in; the offsets file (unique per source state, which
    // is locked per process) is the key the reader and the store share.
    private static final Map<Path, Consumer<Exception>> WATCHERS = new ConcurrentHashMap<>();

    private Path file;

    /** The key converter Debezium gives its own file store (Debezium instantiates this class by name). */
    public AtomicFileOffsetBackingStore() {
        super(KafkaConnectUtil.converterForOffsetStore());
    }

    /**
     * Calls {@code onFailure} (on the store's thread) with each failed save of {@code offsetsFile},
     * until the returned handle is closed. One watcher per file.
     */
    static AutoCloseable watch(Path offsetsFile, Consumer<Exception> onFailure) {
        Path key = key(offsetsFile);
        WATCHERS.put(key, onFailure);
        return () -> WATCHERS.remove(key, onFailure);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        file = Path.of(config.getString(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG));
    }

    /** Saves the merged offsets first; only once they are on disk do {@link #get} calls see them. */
    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        return executor.submit(() -> {
            Map<ByteBuffer, ByteBuffer> next = new HashMap<>(data);
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : values.entrySet()) {
                if (entry.getValue() == null) {
                    next.remove(entry.getKey());
                } else {
                    next.put(entry.getKey(), entry.getValue());
                }
            }
            try {
                write(next);
            } catch (IOException | RuntimeException e) {
                ConnectException failure = new ConnectException("cannot save offsets to " + file + ": " + e, e);
                Consumer<Exception> watcher = WATCHERS.get(key(file));
                if (watcher != null) watcher.accept(failure);
                if (callback != null) callback.onCompletion(failure, null);
                throw failure;
            }
            data.clear();
            data.putAll(next);
            if (callback != null) callback.onCompletion(null, null);
            return null;
        });
    }

    /** Kafka's stop saves {@code data}, which holds only what was saved already. */
    @Override
    protected void save() {
        try {
            write(data);
        } catch (IOException e) {
            throw new ConnectException("cannot save offsets to " + file + ": " + e, e);
        }
    }

    private void write(Map<ByteBuffer, ByteBuffer> offsets) throws IOException {
        Map<byte[], byte[]> raw = new HashMap<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : offsets.entrySet()) {
            raw.put(array(entry.getKey()), array(entry.getValue()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(raw);
        }
        DurableFiles.replace(file, bytes.toByteArray());
    }

    private static Path key(Path offsetsFile) {
        return offsetsFile.toAbsolutePath().normalize();
    }

    private static byte[] array(ByteBuffer buffer) {
        return buffer == null ? null : buffer.array();
    }
}
