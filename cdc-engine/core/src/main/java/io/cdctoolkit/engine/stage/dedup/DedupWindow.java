package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The keys of the events the sink acknowledged, newest last, bounded by a time to live and a maximum
 * number of entries, and mirrored to a {@link DedupLog}.
 *
 * <p>Hand-written (a {@link KeyRing}) rather than a Caffeine cache: a re-delivery is a replay
 * of the <em>latest</em> acknowledged events, so when the window is full the oldest entry must go.
 * Caffeine's size bound admits by frequency (W-TinyLFU); measured with 3.2.3, inserting 300,000
 * distinct keys into {@code maximumSize(100_000)} kept half of the first 100,000 and dropped 8,953 of
 * the last 10,000, exactly the ones a restart replays. Expiry here is first-in first-out too, since
 * every entry lives {@code ttl} from its acknowledgement.
 *
 * <p>Thread-safe: {@link #contains} runs on the pipeline thread, {@link #record} on sink callback threads.
 */
final class DedupWindow implements AutoCloseable {

    /** Why entries left the window, for the evictions counter. */
    interface EvictionListener {
        void evicted(boolean expired);
    }

    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;
    private final EvictionListener evictions;
    private final DedupKeyEncoder deliveryKeys;
    private final KeyRing entries;
    private DedupLog log;
    private volatile int size;
    // A failed log write, reported on the pipeline thread by the next contains (record must not throw).
    private volatile IOException failure;

    private DedupWindow(DeduplicationSettings settings, LongSupplier clock, EvictionListener evictions) {
        this.ttlMillis = settings.ttlSeconds() * 1000L;
        this.maxEntries = settings.maxEntries();
        this.clock = clock;
        this.evictions = evictions;
        this.deliveryKeys = new DedupKeyEncoder(settings.key());
        this.entries = new KeyRing(maxEntries);
    }

    /** Result of {@link #open}: the window and what loading its log found. */
    record Opened(DedupWindow window, DedupLog.Contents loaded, int reloaded) {
    }

    /**
     * The window of a source: the unexpired entries of the log in {@code stateDir} (the newest
     * {@code max_entries} of them), written back as a fresh log, which also drops a torn tail.
     */
    static Opened open(Path stateDir, DeduplicationSettings settings, LongSupplier clock, EvictionListener evictions)
            throws IOException {
        DedupWindow window = new DedupWindow(settings, clock, evictions);
        Path file = stateDir.resolve(DedupLog.FILE_NAME);
        DedupLog.Contents contents = DedupLog.read(file, settings.key());
        long now = clock.getAsLong();
        for (DedupLog.Entry e : contents.entries()) {
            if (e.recordedAtMillis() + window.ttlMillis <= now || window.entries.contains(e.key())) continue;
            if (window.entries.isFull()) window.entries.removeEldest(); // the newest max_entries stay
            window.entries.add(e.key(), e.recordedAtMillis());
        }
        int reloaded = window.entries.size();
        window.size = reloaded;
        window.log = DedupLog.create(file, settings.key(), window.live());
        return new Opened(window, contents, reloaded);
    }

    /** Whether an acknowledged event had this key, within the ttl. */
    boolean contains(DedupKey key) {
        IOException failed = failure;
        if (failed != null) {
            throw new UncheckedIOException("cannot write the deduplication log: " + failed.getMessage(), failed);
        }
        synchronized (this) {
            expire(clock.getAsLong());
            return entries.contains(key);
        }
    }

    /**
     * Records the key of an event the sink acknowledged; never throws (see {@link #contains}).
     *
     * @param known the event's key if already built, else null
     */
    void record(ChangeEvent event, DedupKey known) {
        synchronized (this) {
            DedupKey key = known != null ? known : deliveryKeys.keyOf(event);
            if (key == null) return;
            long now = clock.getAsLong();
            expire(now);
            if (entries.contains(key)) return;
            if (entries.isFull()) {
                entries.removeEldest();
                evictions.evicted(false);
            }
            entries.add(key, now);
            size = entries.size();
            if (log == null || failure != null) return;
            try {
                if (!log.tryAppend(key, now)) log = log.rewrite(live());
            } catch (IOException | RuntimeException | InternalError e) {
                // InternalError: a write into the mapping faulted (the file shrunk under us, or an I/O error).
                failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            }
        }
    }

    /** Entries in the window now. */
    int size() {
        return size;
    }

    /** Bytes the log file takes. */
    synchronized long logCapacity() {
        return log == null ? 0 : log.capacity();
    }

    // Every entry lives ttl from its acknowledgement, so the expired ones are the oldest.
    private void expire(long now) {
        while (entries.size() > 0 && entries.eldestTime() + ttlMillis <= now) {
            entries.removeEldest();
            evictions.evicted(true);
        }
        size = entries.size();
    }

    private List<DedupLog.Entry> live() {
        List<DedupLog.Entry> live = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) live.add(new DedupLog.Entry(new DedupKey(entries.keyAt(i)), entries.timeAt(i)));
        return live;
    }

    @Override
    public synchronized void close() {
        if (log != null) log.close();
        log = null;
    }
}
