package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands records to the sink within the in-flight limits and turns each callback into an
 * acknowledgement of its source event's ticket, or a {@link SinkFailure} queued for the pipeline
 * thread.
 */
final class RecordWriter {

    private final Sink sink;
    private final InFlightLimiter limiter;
    private final PipelineStats stats;
    private final Queue<SinkFailure> failures = new ConcurrentLinkedQueue<>();

    RecordWriter(Sink sink, InFlightLimiter limiter, PipelineStats stats) {
        this.sink = sink;
        this.limiter = limiter;
        this.stats = stats;
    }

    /**
     * Writes a record derived from the ticket's event, waiting for in-flight room first.
     *
     * @return false when the pipeline is stopping and the record was not written (the ticket then
     *         stays unacknowledged, so its position is not committed)
     */
    boolean write(AckTracker.Ticket ticket, SinkRecord record) {
        long size = record.sizeInBytes();
        if (!limiter.acquire(size)) return false;
        send(ticket, record, size, false);
        return true;
    }

    /**
     * Writes a dead-letter record for the ticket's event without waiting for room (at most one per
     * failed record, and the pipeline thread must not block while handling failures). The ticket is
     * acknowledged for it when the sink acknowledges it.
     */
    void writeDeadLetter(AckTracker.Ticket ticket, SinkRecord record) {
        long size = record.sizeInBytes();
        limiter.forceAcquire(size);
        send(ticket, record, size, true);
    }

    /** The next failed write reported by the sink, or null. */
    SinkFailure pollFailure() {
        return failures.poll();
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    private void send(AckTracker.Ticket ticket, SinkRecord record, long size, boolean deadLetter) {
        ticket.expect();
        PipelineStats.TopicMeters meters = stats.topic(record.topic());
        long sentNanos = stats.timeThisSend() ? System.nanoTime() : 0;
        try {
            sink.write(record, error -> {
                if (error == null) {
                    if (sentNanos != 0) meters.sinkLatency().record(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS);
                    meters.out().increment();
                    if (deadLetter) stats.deadLettered();
                    else ticket.delivered(record.event());
                    ticket.ack();
                } else {
                    // Queue before releasing room, so the pipeline thread sees the failure when it wakes.
                    failures.add(new SinkFailure(ticket, record, error, deadLetter));
                }
                limiter.release(size);
            });
        } catch (RuntimeException e) {
            limiter.release(size);
            throw new FatalException("sink failed to accept a record for topic '" + record.topic() + "': " + e, e);
        }
    }
}
