package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPacingTest {

    private static final long WAITED = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BUFFERED = TimeUnit.MICROSECONDS.toNanos(2);
    // Longer than the reader's 1 ms, so that a sleep and no sleep cannot be mistaken on a busy machine.
    private static final Duration GATHER = Duration.ofMillis(300);
    private static final long NO_SLEEP = GATHER.toNanos() / 2;
    private static final long A_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A burst that ran dry ends the poll, and only the next poll waits, once, for the next messages to gather. */
    @Test
    void aWaitAfterABurstEndsThePollAndTheNextPollGathersOnce() throws InterruptedException {
        StreamPacing pacing = new StreamPacing(GATHER);
        assertThat(pacing.burstEnded(StreamPacing.BURST, WAITED)).isTrue();

        assertThat(nanosOf(() -> pacing.beforeReading(A_SECOND))).isGreaterThanOrEqualTo(GATHER.toNanos());
        // Once: the poll after that reads at once (a sleep here would be latency for nothing).
        assertThat(nanosOf(() -> pacing.beforeReading(A_SECOND))).isLessThan(NO_SLEEP);
    }

    /** A trickle (few messages per poll) and a backlog still buffered (no wait) are read as they come. */
    @Test
    void fewMessagesOrNoWaitLeaveThePollAlone() throws InterruptedException {
        StreamPacing pacing = new StreamPacing(GATHER);
        assertThat(pacing.burstEnded(StreamPacing.BURST - 1, WAITED)).as("a trickle").isFalse();
        assertThat(pacing.burstEnded(10_000, BUFFERED)).as("messages still buffered").isFalse();
        assertThat(nanosOf(() -> pacing.beforeReading(A_SECOND))).isLessThan(NO_SLEEP);
    }

    /** The gathering sleep never outlasts what is left of the poll's timeout. */
    @Test
    void theGatheringStaysWithinThePollsTimeout() throws InterruptedException {
        StreamPacing pacing = new StreamPacing(GATHER);
        pacing.burstEnded(StreamPacing.BURST, WAITED);
        assertThat(nanosOf(() -> pacing.beforeReading(TimeUnit.MILLISECONDS.toNanos(10)))).isLessThan(NO_SLEEP);
    }

    private interface Action {
        void run() throws InterruptedException;
    }

    private static long nanosOf(Action action) throws InterruptedException {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
