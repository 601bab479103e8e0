package io.cdctoolkit.benchmarks.e2e;

import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes single-row transactions at a fixed rate (open loop: a late write does not push the later ones
 * back) and notes when each was sent. The noted time is taken just before the autocommit INSERT goes to
 * the server, so the transaction commits after it: latencies computed from it are at worst a little
 * longer than from PostgreSQL's commit timestamp, never shorter.
 */
final class PacedWriter {

    private final int rate;
    private final int seconds;

    PacedWriter(int rate, int seconds) {
        this.rate = rate;
        this.seconds = seconds;
    }

    int transactions() {
        return Math.multiplyExact(rate, seconds);
    }

    /** Writes rows 1..{@link #transactions()}; returns each one's send time, epoch µs. */
    long[] write(OrdersTable.SingleRowWriter writer) throws SQLException {
        long[] sent = new long[transactions()];
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < sent.length; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            sent[i] = ConsumedTimes.epochMicros(Instant.now());
            writer.write(i + 1);
        }
        return sent;
    }
}
