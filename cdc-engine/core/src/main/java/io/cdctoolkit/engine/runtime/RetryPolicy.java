package io.cdctoolkit.engine.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a pipeline retries a source poll that failed with a
 * {@link io.cdctoolkit.engine.spi.RetryableException}: exponential backoff with jitter, then failure.
 *
 * @param initialBackoff wait before the first retry (before jitter)
 * @param maxBackoff     the longest wait between two tries (before jitter)
 * @param maxRetries     retries after which the next failure is fatal; 0 = fail at once
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxRetries) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("invalid retry policy " + initialBackoff + ".." + maxBackoff
                    + ", " + maxRetries + " retries: need 0 <= initial <= max and retries >= 0");
        }
    }

    /** 200 ms doubling up to 30 s, 10 retries (about two and a half minutes in all). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), 10);
    }

    /**
     * The wait before retry number {@code retry} (1-based): the backoff doubles per retry up to
     * {@link #maxBackoff}, and the wait is drawn between half of it and all of it ("equal jitter"),
     * so pipelines failing together do not retry in lockstep.
     *
     * @param random a number in [0, 1)
     */
    public Duration delay(int retry, double random) {
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        long base = initial;
        for (int i = 1; i < retry && base < max; i++) base = base > max / 2 ? max : base * 2;
        base = Math.min(base, max);
        return Duration.ofNanos(base / 2 + (long) (base / 2.0 * random));
    }
}
