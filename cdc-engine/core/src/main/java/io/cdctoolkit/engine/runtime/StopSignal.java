package io.cdctoolkit.engine.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The "stop requested" flag of one run, with sleeps that end early when it is raised, so a stop from
 * a shutdown hook never waits out a retry backoff or a rate-limit pause.
 */
final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    /** Raises the signal; idempotent, callable from any thread. */
    void raise() {
        latch.countDown();
    }

    boolean isRaised() {
        return latch.getCount() == 0;
    }

    /**
     * Sleeps for {@code nanos} unless the signal is raised first.
     *
     * @return true when the signal is raised (the caller should wind down)
     */
    boolean sleep(long nanos) {
        if (nanos <= 0) return isRaised();
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // An interrupt of the pipeline thread is a request to stop, like stop().
            Thread.currentThread().interrupt();
            raise();
            return true;
        }
    }
}
