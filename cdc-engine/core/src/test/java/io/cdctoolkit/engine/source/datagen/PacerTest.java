package io.cdctoolkit.engine.source.datagen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {

    private static final long SECOND = 1_000_000_000L;

    /** A clock that only moves when the pacer sleeps or the test advances it. */
    private long now = 5 * SECOND;
    private final List<Long> sleeps = new ArrayList<>();
    private final Pacer.Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        now += nanos;
    };

    @Test
    void unlimitedGrantsEverythingWithoutSleeping() throws Exception {
        Pacer pacer = new Pacer(0, () -> now, sleeper);

        assertThat(pacer.acquire(1000, SECOND)).isEqualTo(1000);
        assertThat(pacer.acquire(1000, SECOND)).isEqualTo(1000);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void emitsAtTheConfiguredRateBySleepingUntilTheNextEventIsDue() throws Exception {
        Pacer pacer = new Pacer(10, () -> now, sleeper);
        long start = now;
        int emitted = 0;
        while (emitted < 30) emitted += pacer.acquire(1000, SECOND);

        assertThat(emitted).isEqualTo(30);
        // event 29 is due 2.9 s after event 0, and the pacer got there by 29 sleeps of 100 ms, no spinning
        assertThat(now - start).isEqualTo(2_900_000_000L);
        assertThat(sleeps).hasSize(29).containsOnly(100_000_000L);
    }

    @Test
    void grantsEveryEventThatBecameDueSinceTheLastCall() throws Exception {
        Pacer pacer = new Pacer(100, () -> now, sleeper);
        assertThat(pacer.acquire(1000, 0)).isEqualTo(1);

        now += 500_000_000L;
        assertThat(pacer.acquire(1000, 0)).isEqualTo(50);
        now += 500_000_000L;
        assertThat(pacer.acquire(20, 0)).isEqualTo(20);
        assertThat(pacer.acquire(1000, 0)).isEqualTo(30);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void waitsNoLongerThanAllowedAndThenGrantsNothing() throws Exception {
        Pacer pacer = new Pacer(1, () -> now, sleeper);
        assertThat(pacer.acquire(10, SECOND)).isEqualTo(1);

        assertThat(pacer.acquire(10, 200_000_000L)).isZero();
        assertThat(sleeps).containsExactly(200_000_000L);
        assertThat(pacer.acquire(10, SECOND)).isEqualTo(1);
        assertThat(sleeps).containsExactly(200_000_000L, 800_000_000L);
    }

    @Test
    void aConsumerMoreThanASecondBehindGetsNoCatchUpBurst() throws Exception {
        Pacer pacer = new Pacer(10, () -> now, sleeper);
        assertThat(pacer.acquire(1000, 0)).isEqualTo(1);

        now += 60 * SECOND;
        assertThat(pacer.acquire(1000, 0)).isEqualTo(1);
        now += SECOND;
        assertThat(pacer.acquire(1000, 0)).isEqualTo(10);
    }
}
