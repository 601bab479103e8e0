package io.cdctoolkit.engine.runtime;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records and bytes written to the sink but not yet acknowledged (backpressure): the
 * pipeline thread blocks in {@link #acquire} while the sink lags, so a slow sink slows the source.
 * A record larger than the byte limit on its own still passes once nothing else is in flight, so
 * one big row cannot wedge the pipeline.
 */
final class InFlightLimiter {

    private final int maxRecords;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private volatile int records;
    private volatile long bytes;
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
        lock.lock();
        try {
            while (records >= maxRecords || (records > 0 && bytes + size > maxBytes)) {
                if (woken) return false;
                released.await();
            }
            add(size);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Takes room without waiting, even past the limits (dead-letter records, at most one per failed record). */
    void forceAcquire(long size) {
        lock.lock();
        try {
            add(size);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the room of one acknowledged (or failed) record; called from sink callback threads. */
    void release(long size) {
        lock.lock();
        try {
            records--;
            bytes -= size;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes current and future waits in {@link #acquire} return false (stop requested). */
    void wakeUp() {
        lock.lock();
        try {
            woken = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting in {@link #acquire} (for tests and diagnostics). */
    int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(released);
        } finally {
            lock.unlock();
        }
    }

    int records() {
        return records;
    }

    long bytes() {
        return bytes;
    }

    private void add(long size) {
        records++;
        bytes += size;
    }
}
