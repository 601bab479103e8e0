package io.cdctoolkit.engine.runtime;

import java.util.ArrayDeque;

/**
 * How far the committed position is behind what was read: the number of events read whose position
 * is not committed yet, and how long ago the oldest of them was read. Updated on the pipeline thread
 * once per poll and once per commit (never per event); read by gauges from any thread. A stuck sink
 * (broker down) or a failing commit shows as a lag that keeps growing even while the pipeline thread
 * waits.
 */
final class CommitLag {

    private static final long NONE = Long.MIN_VALUE;

    // Pipeline thread only: each poll's end (events read up to and including it) and read time, oldest first.
    private final ArrayDeque<long[]> polls = new ArrayDeque<>();
    private volatile long read;
    private volatile long committed;
    private volatile long oldestUncommittedNanos = NONE;

    /** {@code count} events were read at {@code nanos} (System.nanoTime()). */
    void polled(int count, long nanos) {
        if (count == 0) return;
        read += count;
        polls.addLast(new long[] {read, nanos});
        if (oldestUncommittedNanos == NONE) oldestUncommittedNanos = nanos;
    }

    /** The first {@code events} events read (in poll order) are committed or need no commit. */
    void committed(long events) {
        if (events <= committed) return;
        committed = events;
        // Drop polls entirely committed; the head then holds the oldest uncommitted event.
        while (!polls.isEmpty() && polls.peekFirst()[0] <= events) polls.removeFirst();
        oldestUncommittedNanos = polls.isEmpty() ? NONE : polls.peekFirst()[1];
    }

    long events() {
        return Math.max(0, read - committed);
    }

    double seconds() {
        long oldest = oldestUncommittedNanos;
        return oldest == NONE ? 0 : Math.max(0, System.nanoTime() - oldest) / 1e9;
    }
}
