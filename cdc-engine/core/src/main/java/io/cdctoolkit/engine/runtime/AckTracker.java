package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Tracks which source events are acknowledged and finds the position that may be committed: that of
 * the highest event below which every event is acknowledged (Debezium's offset-commit rule).
 *
 * <p>Every source event gets a {@link Ticket} in poll order. A ticket is acknowledged once it is
 * {@linkplain Ticket#seal() sealed} (all records derived from it were handed to the sink) and every
 * record it {@linkplain Ticket#expect() expects} was {@linkplain Ticket#ack() acknowledged}; a ticket
 * that expects no record (filtered out, skipped) is acknowledged when sealed. Events without a
 * position are passed over. Once a ticket {@linkplain #fail failed}, nothing at or after it is ever
 * committable.
 *
 * <p>Threading: {@link #register}, {@link #fail}, {@link #drainCommittable}, {@link Ticket#expect},
 * {@link Ticket#seal} and {@link Ticket#written} run on the pipeline thread; {@link Ticket#ack} may
 * run on any thread (sink callbacks).
 */
final class AckTracker {

    private final ArrayDeque<Ticket> pending = new ArrayDeque<>();
    // Told about each delivered event once its ticket is acknowledged, on the acknowledging thread; or null.
    private final Consumer<ChangeEvent> onDelivered;
    private long nextSequence;
    private long failedSequence = Long.MAX_VALUE;

    /** A tracker that reports no deliveries. */
    AckTracker() {
        this(null);
    }

    /**
     * A tracker that passes {@code onDelivered}, as soon as a ticket is acknowledged and on the thread
     * that acknowledged it, every event {@linkplain Ticket#delivered delivered} for it (null: none).
     */
    AckTracker(Consumer<ChangeEvent> onDelivered) {
        this.onDelivered = onDelivered;
    }

    /** Starts tracking the next source event, at {@code position} (may be null). */
    Ticket register(SourcePosition position) {
        Ticket ticket = new Ticket(nextSequence++, position, onDelivered);
        pending.addLast(ticket);
        return ticket;
    }

    /** The ticket's event failed for good: neither it nor anything after it will ever be committed. */
    void fail(Ticket ticket) {
        failedSequence = Math.min(failedSequence, ticket.sequence);
    }

    /** True once some ticket failed. */
    boolean hasFailed() {
        return failedSequence != Long.MAX_VALUE;
    }

    /**
     * Forgets the acknowledged tickets at the head of the queue and returns the last non-null position
     * among them, or null when none has one. {@code onAcknowledged} receives, in source order, the
     * events written for each forgotten ticket.
     */
    SourcePosition drainCommittable(Consumer<ChangeEvent> onAcknowledged) {
        SourcePosition last = null;
        Ticket head;
        while ((head = pending.peekFirst()) != null && head.sequence < failedSequence && head.isAcknowledged()) {
            pending.removeFirst();
            if (head.position != null) last = head.position;
            if (head.written != null) head.written.forEach(onAcknowledged);
        }
        return last;
    }

    /** Source events drained so far (all events before the oldest one still pending). */
    long settledEvents() {
        Ticket head = pending.peekFirst();
        return head == null ? nextSequence : head.sequence;
    }

    /** Source events registered and not yet drained. */
    int pendingEvents() {
        return pending.size();
    }

    /** One source event's acknowledgement state. */
    static final class Ticket {
        private final long sequence;
        private final SourcePosition position;
        // Starts at 1: the seal's own hold, so early acks cannot complete a ticket still being written.
        private final AtomicInteger outstanding = new AtomicInteger(1);
        private List<ChangeEvent> written;
        private final Consumer<ChangeEvent> onDelivered;
        // Events whose records the sink acknowledged; added from sink callback threads, hence the lock.
        private List<ChangeEvent> delivered;

        private Ticket(long sequence, SourcePosition position, Consumer<ChangeEvent> onDelivered) {
            this.sequence = sequence;
            this.position = position;
            this.onDelivered = onDelivered;
        }

        long sequence() {
            return sequence;
        }

        SourcePosition position() {
            return position;
        }

        /** One more record derived from this event must be acknowledged. */
        void expect() {
            outstanding.incrementAndGet();
        }

        /** One expected record was acknowledged (or replaced by a dead-letter record that was). */
        void ack() {
            if (outstanding.decrementAndGet() == 0) acknowledged();
        }

        /** Every record derived from this event has been handed over (or ruled out). */
        void seal() {
            if (outstanding.decrementAndGet() == 0) acknowledged();
        }

        /**
         * The sink acknowledged the record written for {@code event} (not a dead-letter record); called
         * before that record's {@link #ack()}. Any thread.
         */
        void delivered(ChangeEvent event) {
            if (onDelivered == null) return;
            synchronized (this) {
                if (delivered == null) delivered = new ArrayList<>(1);
                delivered.add(event);
            }
        }

        // Exactly one ack or seal brings the count to zero: it reports the deliveries, on its own thread.
        private void acknowledged() {
            if (onDelivered == null) return;
            List<ChangeEvent> events;
            synchronized (this) {
                events = delivered;
                delivered = null;
            }
            if (events != null) events.forEach(onDelivered);
        }

        /** Remembers an event written for this ticket, for {@code Stage.onAcknowledged}. */
        void written(ChangeEvent event) {
            if (written == null) written = new ArrayList<>(1);
            written.add(event);
        }

        /** Forgets a written event whose record was not acknowledged (skipped or dead-lettered instead). */
        void unwritten(ChangeEvent event) {
            if (written != null) written.remove(event);
        }

        boolean isAcknowledged() {
            return outstanding.get() == 0;
        }
    }
}
