package io.cdctoolkit.engine.source.datagen;

import java.util.function.LongSupplier;

/**
 * Paces emission at {@code events_per_second}: event {@code k} after the start becomes due at
 * {@code k / rate} seconds, and {@link #acquire} sleeps until the next one is due instead of spinning.
 * A consumer that falls more than a second behind does not get a catch-up burst: the schedule restarts.
 */
final class Pacer {

    /** Sleeps for a number of nanoseconds (injected so tests need no real time). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private boolean started;
    private long start;
    private long granted;

    /** @param eventsPerSecond the rate, 0 for unlimited */
    Pacer(int eventsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.rate = eventsPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** A pacer on the system's monotonic clock. */
    static Pacer system(int eventsPerSecond) {
        return new Pacer(eventsPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000L,
                (int) (nanos % 1_000_000L)));
    }

    /**
     * How many events (at most {@code max}) may be emitted now, waiting at most {@code maxWaitNanos}
     * for the first one to become due; 0 when none did in time.
     */
    int acquire(int max, long maxWaitNanos) throws InterruptedException {
        if (rate == 0 || max == 0) return max;
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            restart(now);
        }
        long due = dueBy(now) - granted;
        if (due > rate) {
            restart(now);
            due = 1;
        }
        if (due <= 0) {
            long wait = dueAt(granted) - now;
            if (wait > maxWaitNanos) {
                if (maxWaitNanos > 0) sleeper.sleep(maxWaitNanos);
                return 0;
            }
            sleeper.sleep(wait);
            due = dueBy(nanoClock.getAsLong()) - granted;
            if (due <= 0) return 0;
        }
        int n = (int) Math.min(due, max);
        granted += n;
        return n;
    }

    private void restart(long now) {
        start = now;
        granted = 0;
    }

    /** How many events are due by {@code now} since the start (event 0 is due at once). */
    private long dueBy(long now) {
        long elapsed = now - start;
        return (elapsed / NANOS_PER_SECOND) * rate + (elapsed % NANOS_PER_SECOND) * rate / NANOS_PER_SECOND + 1;
    }

    /** When event {@code k} (0-based since the start) is due, rounded up to the nanosecond. */
    private long dueAt(long k) {
        return start + (k / rate) * NANOS_PER_SECOND + ((k % rate) * NANOS_PER_SECOND + rate - 1) / rate;
    }
}
