package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class InFlightLimiterTest {

    @Test
    void blocksAtTheRecordLimitUntilARecordIsReleased() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(2, 1_000);
        assertThat(limiter.acquire(10)).isTrue();
        assertThat(limiter.acquire(10)).isTrue();

        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> limiter.acquire(10));
        Await.until("third acquire to wait", () -> limiter.waiting() == 1);
        assertThat(third).isNotDone();
        limiter.release(10);
        assertThat(third.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.records()).isEqualTo(2);
        assertThat(limiter.bytes()).isEqualTo(20);
    }

    @Test
    void blocksAtTheByteLimit() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(100, 100);
        assertThat(limiter.acquire(60)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> limiter.acquire(60));
        Await.until("second acquire to wait", () -> limiter.waiting() == 1);
        limiter.release(60);
        assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.bytes()).isEqualTo(60);
    }

    @Test
    void recordLargerThanTheByteLimitPassesWhenNothingElseIsInFlight() {
        InFlightLimiter limiter = new InFlightLimiter(10, 100);
        assertThat(limiter.acquire(500)).isTrue();
        assertThat(limiter.bytes()).isEqualTo(500);
    }

    @Test
    void wakeUpReleasesAWaitingAcquireWithoutTakingRoom() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(1, 1_000);
        limiter.acquire(1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> limiter.acquire(1));
        Await.until("acquire to wait", () -> limiter.waiting() == 1);
        limiter.wakeUp();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(limiter.records()).isEqualTo(1);
    }

    @Test
    void forceAcquireIgnoresTheLimits() {
        InFlightLimiter limiter = new InFlightLimiter(1, 10);
        limiter.acquire(5);
        limiter.forceAcquire(50);
        assertThat(limiter.records()).isEqualTo(2);
        assertThat(limiter.bytes()).isEqualTo(55);
    }

    /**
     * The pipeline thread takes room while the sink's callback thread gives it back, as fast as both go: a
     * wake-up lost between a release and a waiting acquire would hang this test, and the record limit holds
     * throughout.
     */
    @Test
    void aTakerAndAReleaserRacingNeverLoseAWakeUpNorPassTheLimit() {
        InFlightLimiter limiter = new InFlightLimiter(3, 100);
        BlockingQueue<Long> inFlight = new ArrayBlockingQueue<>(16);
        int records = 300_000;
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Thread releaser = new Thread(() -> {
                try {
                    for (int i = 0; i < records; i++) limiter.release(inFlight.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            releaser.start();
            SplittableRandom random = new SplittableRandom(7);
            int mostInFlight = 0;
            for (int i = 0; i < records; i++) {
                long size = random.nextLong(1, 70);
                assertThat(limiter.acquire(size)).isTrue();
                mostInFlight = Math.max(mostInFlight, limiter.records());
                inFlight.put(size);
            }
            releaser.join();
            assertThat(mostInFlight).isLessThanOrEqualTo(3);
            assertThat(limiter.records()).isZero();
            assertThat(limiter.bytes()).isZero();
        });
    }

    @Test
    void rejectsLimitsBelowOne() {
        assertThatThrownBy(() -> new InFlightLimiter(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
