package io.cdctoolkit.engine.runtime;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces source events to {@code rate_limit} per second. Hand-written because it is a dozen lines on
 * one thread, where a library limiter (Guava's) would bring a large dependency for the same arithmetic.
 * Up to 100 ms of unused time is credited, so pauses that overshoot do not lower the rate.
 */
final class RateLimiter {

    private static final long MAX_CREDIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long nextFree;
    private boolean started;

    /** @param perSecond events per second, above 0 */
    RateLimiter(long perSecond, LongSupplier nanoClock) {
        if (perSecond < 1) throw new IllegalArgumentException("rate must be positive: " + perSecond);
        this.intervalNanos = Math.max(1, TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.nanoClock = nanoClock;
    }

    /** Takes the next slot; returns how many nanoseconds to wait before using it (0 = go now). */
    long reserve() {
        long now = nanoClock.getAsLong();
        if (!started) {
            nextFree = now;
            started = true;
        } else if (nextFree - (now - MAX_CREDIT_NANOS) < 0) {
            nextFree = now - MAX_CREDIT_NANOS;
        }
        long wait = Math.max(0, nextFree - now);
        nextFree += intervalNanos;
        return wait;
    }
}
