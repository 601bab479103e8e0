package io.cdctoolkit.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);

    @Test
    void spacesEventsEvenly() {
        RateLimiter limiter = new RateLimiter(10, clock::get);
        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(100 * MS);
        assertThat(limiter.reserve()).isEqualTo(200 * MS);
        clock.addAndGet(200 * MS);
        assertThat(limiter.reserve()).isEqualTo(100 * MS);
    }

    @Test
    void creditsAtMostOneHundredMillisecondsOfIdleTime() {
        RateLimiter limiter = new RateLimiter(100, clock::get); // one per 10 ms
        limiter.reserve();
        clock.addAndGet(5_000 * MS); // long idle
        int free = 0;
        while (limiter.reserve() == 0) free++;
        assertThat(free).as("100 ms of credit at 10 ms each, plus the current slot").isEqualTo(11);
    }
}
