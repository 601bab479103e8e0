package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.CdcReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Drives a {@link CdcReader} the way the pipeline runtime does: polls, "acknowledges" what it
 * received and commits positions in order. Tests decide what gets committed.
 */
public final class ReaderHarness {

    private final CdcReader reader;
    private final List<ChangeEvent> received = new ArrayList<>();

    public ReaderHarness(CdcReader reader) {
        this.reader = reader;
    }

    /**
     * Polls until {@code done} holds for everything received so far (or fails after {@code timeout}),
     * committing each polled batch's last position when {@code commit} is true.
     */
    public List<ChangeEvent> pollUntil(Predicate<List<ChangeEvent>> done, Duration timeout, boolean commit)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(received)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " with " + received.size() + " events; last: "
                        + (received.isEmpty() ? "none" : received.get(received.size() - 1)));
            }
            List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
            received.addAll(batch);
            if (commit && !batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
        }
        return received;
    }

    /** Polls until at least {@code count} events arrived, committing each batch. */
    public List<ChangeEvent> pollAtLeast(int count, Duration timeout) throws Exception {
        return pollUntil(events -> events.size() >= count, timeout, true);
    }

    /** Everything received so far. */
    public List<ChangeEvent> received() {
        return received;
    }

    public void clear() {
        received.clear();
    }
}
