package io.cdctoolkit.engine.source.debezium;

import io.debezium.engine.DebeziumEngine.RecordCommitter;

import java.util.ArrayDeque;

/**
 * Tells Debezium which records are done, and only those: a record is marked processed (its offset
 * becomes eligible for the offset store and, for PostgreSQL, for confirming the LSN to the slot) once
 * the runtime committed its position or, for a record that produced no event (heartbeat, schema
 * change), once every record before it is done.
 *
 * <p>Debezium's committer is not thread-safe; every call to it happens here, under this object's lock,
 * from the engine thread ({@link #track}) or the pipeline thread ({@link #commitThrough}).
 *
 * @param <R> Debezium's record type
 */
final class CommitTracker<R> {

    private record Pending<R>(long sequence, R record, boolean emitted) {
    }

    private final ArrayDeque<Pending<R>> pending = new ArrayDeque<>();
    private RecordCommitter<R> committer;
    private long committedThrough;
    private boolean closed;

    /**
     * Registers the next record in delivery order.
     *
     * @param emitted whether it became an event the runtime will commit; otherwise it is done as soon
     *                as everything before it is
     */
    synchronized void track(long sequence, R record, boolean emitted, RecordCommitter<R> recordCommitter)
            throws InterruptedException {
        this.committer = recordCommitter;
        if (!emitted && pending.isEmpty() && !closed) {
            recordCommitter.markProcessed(record);
            recordCommitter.markBatchFinished();
            return;
        }
        pending.addLast(new Pending<>(sequence, record, emitted));
    }

    /**
     * Marks every record up to and including {@code sequence} processed, then any records after them
     * that carry no event, and lets Debezium flush offsets (its commit policy decides when).
     *
     * @return how many records were marked
     */
    synchronized int commitThrough(long sequence) throws InterruptedException {
        if (closed || sequence <= committedThrough) return 0;
        int marked = 0;
        while (!pending.isEmpty()) {
            Pending<R> head = pending.peekFirst();
            if (head.sequence() > sequence && head.emitted()) break;
            pending.removeFirst();
            committer.markProcessed(head.record());
            marked++;
        }
        committedThrough = sequence;
        if (marked > 0) committer.markBatchFinished();
        return marked;
    }

    /** Records not yet committed (for tests and metrics). */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** After this, nothing more is marked: close must not commit anything the runtime did not. */
    synchronized void close() {
        closed = true;
        pending.clear();
    }
}
