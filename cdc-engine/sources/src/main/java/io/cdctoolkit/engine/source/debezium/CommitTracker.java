package io.cdctoolkit.engine.source.debezium;

import io.debezium.engine.DebeziumEngine.RecordCommitter;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of Debezium's records are done, and only those: a record is done (its offset may go to the
 * offset store and, for PostgreSQL, be confirmed to the slot) once the runtime committed its position and, at a
 * PostgreSQL LSN, no event tracked after it at that LSN is unacknowledged (the rows of one {@code COPY} record share
 * it) or, for a record that produced no event (heartbeat, schema change), once every record before it is
 * done and no record after it at the same restart position ({@link RestartPosition}) still waits. The
 * last condition matters: Debezium's PostgreSQL connector gives a logical decoding message (the
 * heartbeat's) the LSN of the change after it, and resumes after a saved offset's LSN, so the message's
 * offset saved while that change was unacknowledged made a restart skip the change. Whether more records
 * come at a position is known once a record at another position is tracked: a record without an event at
 * the end waits for the next.
 *
 * <p>Pure bookkeeping under this object's lock, never calling Debezium: the engine thread
 * {@linkplain #track tracks}, the pipeline thread {@linkplain #commitThrough requests}, and one
 * {@link OffsetCommitter} thread {@linkplain #takeDone takes} the done records and tells Debezium. So
 * a slow offset save never holds a lock the engine thread needs.
 *
 * @param <R> Debezium's record type
 */
final class CommitTracker<R> {

    private record Pending<R>(long sequence, R record, boolean emitted, Object position, RecordCommitter<R> committer,
                              PositionGroup group) {
    }

    /** Consecutive records at one restart position, and the sequence of the last event among them (0: none yet). */
    private static final class PositionGroup {
        final Object position;
        long lastEvent;

        PositionGroup(Object position) {
            this.position = position;
        }
    }

    /** Records taken for Debezium, in delivery order, with the committer of the last one's batch. */
    record Done<R>(List<R> records, RecordCommitter<R> committer) {
    }

    private final ArrayDeque<Pending<R>> pending = new ArrayDeque<>();
    private PositionGroup lastGroup; // the last tracked record's
    private long requestedThrough;
    private boolean closed;

    /**
     * Registers the next record in delivery order.
     *
     * @param emitted  whether it became an event the runtime will commit; otherwise it is done as soon
     *                 as everything before it is and nothing after it at its position waits
     * @param position where Debezium would resume after it ({@link RestartPosition#of})
     */
    synchronized void track(long sequence, R record, boolean emitted, Object position, RecordCommitter<R> committer) {
        if (closed) return;
        PositionGroup group = lastGroup != null && Objects.equals(lastGroup.position, position) ? lastGroup
                : new PositionGroup(position);
        if (emitted) group.lastEvent = sequence;
        lastGroup = group;
        pending.addLast(new Pending<>(sequence, record, emitted, position, committer, group));
        if (isDone(pending.peekFirst())) notifyAll(); // this one, or one before it that waited for another position
    }

    /** The runtime committed every position up to and including {@code sequence}. */
    synchronized void commitThrough(long sequence) {
        if (closed || sequence <= requestedThrough) return;
        requestedThrough = sequence;
        notifyAll();
    }

    /** Whether {@link #takeDone} would return records now. */
    synchronized boolean hasDone() {
        return !closed && isDone(pending.peekFirst());
    }

    /**
     * Removes and returns the done records at the head, in order (empty when none): every record up
     * to the requested sequence, and the records without events right after them.
     */
    synchronized Done<R> takeDone() {
        List<R> records = new ArrayList<>();
        RecordCommitter<R> committer = null;
        while (!closed && isDone(pending.peekFirst())) {
            Pending<R> head = pending.removeFirst();
            records.add(head.record());
            committer = head.committer();
        }
        return new Done<>(records, committer);
    }

    /** Waits up to {@code millis} for done records (or close); returns {@link #hasDone()}. */
    synchronized boolean awaitDone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!closed && !isDone(pending.peekFirst())) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) break;
            wait(left);
        }
        return hasDone();
    }

    /** The highest sequence the runtime committed. */
    synchronized long requestedThrough() {
        return requestedThrough;
    }

    /** Records not yet taken (for tests and metrics). */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** After this, nothing more is done: close must not commit anything the runtime did not. */
    synchronized void close() {
        closed = true;
        pending.clear();
        notifyAll();
    }

    /** Whether {@code head}, the first pending record, is done. */
    private boolean isDone(Pending<R> head) {
        if (head == null) return false;
        if (head.sequence() <= requestedThrough) {
            // Several events can share a PostgreSQL LSN (the rows of one COPY multi-insert WAL record), and Debezium
            // (3.5) resumes after a saved LSN, skipping every change at it: saving the head's offset while a later
            // event at its LSN is unacknowledged made a restart skip that event (docs/sources/postgresql.md, Limits).
            // Only tracked events are known: rows of the record Debezium has not handed over yet are not waited for.
            return !RestartPosition.skipsEveryRecordAt(head.position()) || head.group().lastEvent <= requestedThrough;
        }
        return !head.emitted() && nothingWaitsAtItsPosition(head);
    }

    /** After the head: no uncommitted event at its position, and a record at another position (see the class). */
    private boolean nothingWaitsAtItsPosition(Pending<R> head) {
        Iterator<Pending<R>> after = pending.iterator();
        after.next(); // the head itself
        while (after.hasNext()) {
            Pending<R> next = after.next();
            if (!Objects.equals(next.position(), head.position())) return true;
            if (next.emitted() && next.sequence() > requestedThrough) return false;
        }
        return false;
    }
}
