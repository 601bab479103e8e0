package io.cdctoolkit.cli;

/**
 * What one row of {@code bench}'s table accumulates over a pass: events in and out, events rejected
 * ({@code on_error} would apply to them), and the time spent. Timed per batch, never per event, so
 * the clock costs nothing measurable. Mutable, used on one thread, turned into a {@link StageResult}.
 */
final class StageMeter {

    private final String label;
    private long in;
    private long out;
    private long rejected;
    private long nanos;
    private String firstRejection;

    StageMeter(String label) {
        this.label = label;
    }

    void add(long eventsIn, long eventsOut, long elapsedNanos) {
        in += eventsIn;
        out += eventsOut;
        nanos += elapsedNanos;
    }

    void rejected(String reason) {
        rejected++;
        if (firstRejection == null) firstRejection = reason;
    }

    StageResult result() {
        return new StageResult(label, in, out, rejected, nanos, firstRejection);
    }
}
