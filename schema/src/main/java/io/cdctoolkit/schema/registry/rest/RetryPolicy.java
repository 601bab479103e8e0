package io.cdctoolkit.schema.registry.rest;

import java.time.Duration;
import java.util.Objects;

/**
 * Short, bounded retries of one request when the registry answers 5xx, 429 or 408 or cannot be reached, with
 * exponential backoff; after the last attempt the caller gets a {@code RetryableException} and the
 * pipeline retries on its own schedule (nothing is lost). Other 4xx answers are never retried.
 *
 * @param maxAttempts    attempts per request, the first included (1 = no retry)
 * @param initialBackoff the pause after the first failed attempt; doubled after each further one
 * @param maxBackoff     the longest pause
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** 4 attempts, pausing 200 ms, 400 ms, 800 ms between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) throw new IllegalArgumentException("retry attempts must be at least 1, got " + maxAttempts);
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** The pause after {@code failedAttempts} (1-based) failed attempts. */
    public Duration backoffAfter(int failedAttempts) {
        if (failedAttempts < 1) throw new IllegalArgumentException("failedAttempts must be at least 1");
        Duration pause = initialBackoff;
        for (int i = 1; i < failedAttempts && pause.compareTo(maxBackoff) < 0; i++) pause = pause.multipliedBy(2);
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }
}
