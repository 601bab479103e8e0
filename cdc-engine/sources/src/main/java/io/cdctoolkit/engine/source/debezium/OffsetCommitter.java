package io.cdctoolkit.engine.source.debezium;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one thread that tells Debezium which records are done ({@code markProcessed}, then
 * {@code markBatchFinished}, in which Debezium saves offsets — a file write with fsync — and, for
 * PostgreSQL, confirms the LSN to the slot). It takes that work off the pipeline thread, which only
 * records how far it committed ({@link CommitTracker#commitThrough}) and goes on: an offset save no
 * longer stalls delivery, and while one runs, later commits pile up and are saved together.
 *
 * <p>Order is kept: records are handed to Debezium in delivery order by this thread alone (Debezium's
 * committer is not thread-safe). A failure stops the thread and is kept for the reader to throw.
 *
 * <p>Debezium saves at most once per {@code offset.flush.interval.ms}, and only when told a batch
 * finished; so when the pipeline falls idle right after a batch whose save was skipped, this thread
 * tells Debezium once more after the interval, and the last acknowledged offsets are saved without
 * waiting for the next change.
 *
 * @param <R> Debezium's record type
 */
final class OffsetCommitter<R> {

    private static final long IDLE_WAIT_MS = 200;

    private final CommitTracker<R> tracker;
    private final Consumer<Exception> onFailure;
    private final OffsetHandoverCheck check;
    private final Thread thread;
    private final long flushIntervalNanos;
    private volatile boolean stopping;
    // This thread only: the committer of the last batch handed over, while its save may have been skipped.
    private io.debezium.engine.DebeziumEngine.RecordCommitter<R> unsaved;
    private long handedAtNanos;
    private boolean handing; // guarded by this: records taken and not yet handed over

    /**
     * @param tracker   what is done
     * @param onFailure called once, on this thread, with the failure that stopped it
     * @param name      the thread's name
     * @param flushInterval Debezium's {@code offset.flush.interval.ms}
     * @param check     asked before each handover; what it throws stops the thread, nothing handed
     */
    OffsetCommitter(CommitTracker<R> tracker, Consumer<Exception> onFailure, String name, Duration flushInterval,
                    OffsetHandoverCheck check) {
        this.tracker = tracker;
        this.check = check;
        this.onFailure = onFailure;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!stopping) {
            CommitTracker.Done<R> done;
            try {
                if (!tracker.awaitDone(IDLE_WAIT_MS)) {
                    saveIfIdle();
                    continue;
                }
                synchronized (this) {
                    done = tracker.takeDone();
                    handing = !done.records().isEmpty();
                }
                if (!handing()) continue;
                check.beforeHandover();
                for (R record : done.records()) done.committer().markProcessed(record);
                done.committer().markBatchFinished();
                unsaved = flushIntervalNanos > 0 ? done.committer() : null;
                handedAtNanos = System.nanoTime();
            } catch (InterruptedException e) {
                if (!stopping) onFailure.accept(new IllegalStateException("offset committer interrupted", e));
                return;
            } catch (Exception e) {
                onFailure.accept(e);
                return;
            } finally {
                synchronized (this) {
                    handing = false;
                    notifyAll();
                }
            }
        }
    }

    /** Idle: lets Debezium save what its interval held back at the last batch (it saves when the interval has passed). */
    private void saveIfIdle() throws InterruptedException {
        if (unsaved == null || System.nanoTime() - handedAtNanos < flushIntervalNanos) return;
        unsaved.markBatchFinished();
        unsaved = null;
    }

    private synchronized boolean handing() {
        return handing;
    }

    /**
     * Waits until everything committed so far is handed to Debezium (and so saved), at most
     * {@code limit}; returns whether it got there.
     */
    boolean drain(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (thread.isAlive() && (handing || tracker.hasDone())) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) return false;
                wait(Math.min(leftMs, 20)); // tracker changes do not notify this monitor: poll briefly
            }
        }
        return !tracker.hasDone();
    }

    /** Stops the thread (after the batch it is handing over, if any), waiting at most {@code limit}. */
    void stop(Duration limit) throws InterruptedException {
        stopping = true;
        thread.join(Math.max(1, limit.toMillis()));
        if (thread.isAlive()) thread.interrupt();
    }
}
