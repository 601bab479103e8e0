package io.cdctoolkit.engine.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records and bytes written to the sink but not yet acknowledged (backpressure): the
 * pipeline thread blocks in {@link #acquire} while the sink lags, so a slow sink slows the source.
 * A record larger than the byte limit on its own still passes once nothing else is in flight, so
 * one big row cannot wedge the pipeline.
 *
 * <p>Taking and giving back room are lock-free while there is room: one lock shared by the pipeline
 * thread (a take per record) and the sink's callback thread (a release per record) was contended on
 * every record, and each hand-over of it woke a parked thread (in a profile of the native reader →
 * Kafka, an eighth of the producer's callback thread). A release takes the lock only when an
 * acquire is waiting, and only the first release after the acquire began to wait does: the rest of
 * an acknowledged batch's releases (thousands of records) would each take the lock the woken
 * acquire needs, to signal nobody.
 */
final class InFlightLimiter {

    private final int maxRecords;
    private final long maxBytes;
    private final AtomicInteger records = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    // Serialises acquirers among themselves (the pipeline thread alone, so uncontended), making a
    // look at the room and the take of it one step; releases only ever make room.
    private final ReentrantLock takeLock = new ReentrantLock();
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition released = waitLock.newCondition();
    // Set by the (single, under takeLock) acquire that waits, before each look at the room; a release that
    // made room clears it after, so either the acquire sees the room or one release sees it waiting and
    // signals (under waitLock, which the acquire holds until it awaits, so the signal cannot come too early).
    private final AtomicBoolean waiting = new AtomicBoolean();
    private boolean woken;

    InFlightLimiter(int maxRecords, long maxBytes) {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("in-flight limits must be positive: " + maxRecords + ", " + maxBytes);
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    /**
     * Takes room for one record of {@code size} bytes, waiting while the limits are reached.
     *
     * @return false, without taking room, when {@link #wakeUp()} was called or the thread was
     *         interrupted while waiting (the pipeline is stopping)
     */
    boolean acquire(long size) {
        takeLock.lock();
        try {
            if (hasRoom(size)) {
                add(size);
                return true;
            }
            return awaitRoom(size);
        } finally {
            takeLock.unlock();
        }
    }

    private boolean awaitRoom(long size) {
        waitLock.lock();
        try {
            while (true) {
                waiting.set(true);
                if (hasRoom(size)) break;
                if (woken) return false;
                released.await();
            }
            add(size);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.set(false);
            waitLock.unlock();
        }
    }

    /** Takes room without waiting, even past the limits (dead-letter records, at most one per failed record). */
    void forceAcquire(long size) {
        takeLock.lock();
        try {
            add(size);
        } finally {
            takeLock.unlock();
        }
    }

    /** Gives back the room of one acknowledged (or failed) record; called from sink callback threads. */
    void release(long size) {
        records.decrementAndGet();
        bytes.addAndGet(-size);
        if (waiting.get() && waiting.compareAndSet(true, false)) {
            waitLock.lock();
            try {
                released.signalAll();
            } finally {
                waitLock.unlock();
            }
        }
    }

    /** Makes current and future waits in {@link #acquire} return false (stop requested). */
    void wakeUp() {
        waitLock.lock();
        try {
            woken = true;
            released.signalAll();
        } finally {
            waitLock.unlock();
        }
    }

    /** Threads waiting in {@link #acquire} (for tests and diagnostics). */
    int waiting() {
        waitLock.lock();
        try {
            return waitLock.getWaitQueueLength(released);
        } finally {
            waitLock.unlock();
        }
    }

    int records() {
        return records.get();
    }

    long bytes() {
        return bytes.get();
    }

    private boolean hasRoom(long size) {
        int inFlight = records.get();
        return inFlight < maxRecords && (inFlight == 0 || bytes.get() + size <= maxBytes);
    }

    private void add(long size) {
        records.incrementAndGet();
        bytes.addAndGet(size);
    }
}
