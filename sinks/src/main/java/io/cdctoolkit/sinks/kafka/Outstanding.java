package io.cdctoolkit.sinks.kafka;

/** How many records the sink was given whose callback has not run yet, with a bounded wait for none. */
final class Outstanding {

    private long count;

    synchronized void add() {
        count++;
    }

    synchronized void done() {
        if (--count == 0) notifyAll();
    }

    /** Waits until no record is outstanding or {@code timeoutMs} passed; returns how many still are. */
    synchronized long await(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (count > 0) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) break;
            wait(leftMs);
        }
        return count;
    }
}
