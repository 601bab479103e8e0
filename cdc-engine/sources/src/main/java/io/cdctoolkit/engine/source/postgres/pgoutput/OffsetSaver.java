package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.IOException;
import java.time.Duration;

/**
 * Saves the native reader's offsets ({@link OffsetStore}) on its own thread, so the file write and its
 * fsync, or the offsets topic's round trip (milliseconds, tens under load), never stall the pipeline thread — what issue 11 did for the Debezium engine's
 * offsets. Requests coalesce (the newest wins) and saves never go backwards: {@link #saveNow} (used at
 * start, at the end of the snapshot, with {@code offset_flush_interval_ms: 0} and at close) and the
 * thread's saves are ordered by a sequence number under one lock. The reader confirms an LSN to the
 * server only once {@link #saved} holds it.
 */
final class OffsetSaver {

    private final OffsetStore store;
    private final Thread thread;
    private final Object requests = new Object();
    private final Object writes = new Object();
    private Offsets requested; // guarded by requests
    private long requestedSeq; // guarded by requests
    private long writtenSeq; // guarded by writes
    private volatile Offsets saved;
    private volatile Exception failure;
    private volatile boolean stopping;

    OffsetSaver(OffsetStore store, Offsets alreadySaved, String threadName) {
        this.store = store;
        this.saved = alreadySaved;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Asks the thread to save {@code offsets} (replacing an earlier request not yet saved). */
    void request(Offsets offsets) throws IOException {
        throwIfFailed();
        synchronized (requests) {
            requested = offsets;
            requestedSeq++;
            requests.notifyAll();
        }
    }

    /** Saves {@code offsets} on the caller's thread, after any save in progress. */
    void saveNow(Offsets offsets) throws IOException {
        throwIfFailed();
        long seq;
        synchronized (requests) {
            seq = ++requestedSeq;
            requested = null; // older than this one: nothing left for the thread to do
        }
        write(offsets, seq);
    }

    /** The newest offsets saved (in the file, or acknowledged by the offsets topic's brokers). */
    Offsets saved() {
        return saved;
    }

    /** A failed background save, rethrown to the reader's caller (the pipeline stops on it). */
    void throwIfFailed() throws IOException {
        Exception failed = failure;
        if (failed != null) throw new IOException("saving the native reader's offsets failed: " + failed.getMessage(), failed);
    }

    private void run() {
        while (!stopping) {
            Offsets next;
            long seq;
            synchronized (requests) {
                while (requested == null && !stopping) {
                    try {
                        requests.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (requested == null) return;
                next = requested;
                seq = requestedSeq;
                requested = null;
            }
            try {
                write(next, seq);
            } catch (IOException | RuntimeException e) {
                failure = e;
                return;
            }
        }
    }

    private void write(Offsets offsets, long seq) throws IOException {
        synchronized (writes) {
            if (seq <= writtenSeq) return; // a newer save got here first
            store.save(offsets);
            writtenSeq = seq;
            saved = offsets;
        }
    }

    /**
     * Stops the thread after the save in progress, waiting at most {@code limit}; what it had not taken
     * yet is left for the caller to {@link #saveNow}.
     */
    void stop(Duration limit) throws InterruptedException {
        stopping = true;
        synchronized (requests) {
            requests.notifyAll();
        }
        thread.join(Math.max(1, limit.toMillis()));
    }
}
