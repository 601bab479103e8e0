package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lets a burst of pgoutput messages gather in the socket before the reader takes it, instead of taking it
 * one message at a time.
 *
 * <p>Why: once pgjdbc's receive buffer is empty, {@code readPending} waits on the socket (up to 1 ms) for
 * the next byte. While the walsender sends a backlog faster than one message per millisecond but slower
 * than this reader takes them, that wait ends at every message: the walsender's {@code send()} wakes this
 * thread for each one, and each wake-up costs both processes a context switch and a few syscalls.
 * Measured on a 1,000,000-row backlog (benchmarks/e2e.sh, docs/performance.md "Reading a backlog in
 * bursts"): the reader spent 5.2 µs CPU per event, mostly there, and the walsender 7.9 µs, a whole core.
 *
 * <p>So when a poll has read a burst ({@link #BURST} messages or more) and then had to wait for the next
 * message, the next poll first sleeps {@link #GATHER} (1 ms) without touching the socket: the walsender's messages
 * queue in the kernel's buffer with no one to wake, and the reader then takes them 8 KiB per read. A
 * trickle (fewer messages per poll, e.g. 1,000 one-row commits per second) is read as before; under a
 * sustained burst an event waits at most that long longer.
 *
 * <p>Single-threaded, as the reader's polls are.
 */
final class StreamPacing {

    /** Messages a poll must have read before a wait counts as the end of a burst. */
    static final int BURST = 64;
    /** How long the next poll lets the burst's next messages gather: 3 ms gathered a little more, at more latency. */
    static final Duration GATHER = Duration.ofMillis(1);
    /** A {@code readPending} that took longer than this waited on the socket (a buffered message takes ~1 µs). */
    static final long WAITED_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final long gatherNanos;
    private boolean gatherBeforeNextRead;

    StreamPacing() {
        this(GATHER);
    }

    StreamPacing(Duration gather) {
        this.gatherNanos = gather.toNanos();
    }

    /** At the start of a poll's reading: sleeps the gathering time (at most {@code leftNanos}) when the last poll ended a burst. */
    void beforeReading(long leftNanos) throws InterruptedException {
        if (!gatherBeforeNextRead) return;
        gatherBeforeNextRead = false;
        long nanos = Math.min(gatherNanos, leftNanos);
        if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
    }

    /**
     * After a message was read: whether the poll should end now, because it has read a burst
     * ({@code messagesThisPoll}) and this message was waited for ({@code readNanos}); the next poll then
     * gathers first.
     */
    boolean burstEnded(int messagesThisPoll, long readNanos) {
        if (messagesThisPoll < BURST || readNanos < WAITED_NANOS) return false;
        gatherBeforeNextRead = true;
        return true;
    }
}
