package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Envelope;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Tells which of the Debezium engine's PostgreSQL changes is the first it delivers at its LSN
 * ({@link io.cdctoolkit.engine.data.SourcePosition#firstAtOffset}). The rows of one {@code COPY} (a multi-insert WAL
 * record) share their LSN, and so their offset; every other streamed change has an LSN of its own. Debezium 3.5
 * resumes after the saved LSN, skipping every change at it, so a restart begins with the first change of an LSN, never
 * inside one: the change first at its LSN is first on every delivery.
 *
 * <p>Only streamed changes ({@code c}, {@code u}, {@code d}, {@code t} envelopes) count, and only they move the last
 * LSN: heartbeats and other records carry the offset of the change before them, and reads (snapshot, backfill,
 * incremental snapshot rows) share the snapshot's or the paused stream's point, in an order a new read need not
 * repeat. Unsure means not first, which is always safe (position-keyed deduplication then keys the change by its row
 * as well); first when it is not would let a later row of a {@code COPY} be taken for the first one. So: not first
 * after an in-process restart of Debezium's task that re-delivers the LSN of the last change (the row it gives first
 * is then taken for a later one), and never with Debezium 3.7's {@code lsn_events_processed}, with which Debezium
 * resumes inside an LSN.
 *
 * <p>Not thread-safe: the engine thread's.
 */
final class FirstAtLsn {

    /** Debezium PostgreSQL's offset fields. */
    private static final String LSN = "lsn", PROCESSED_LSN = "lsn_proc", SNAPSHOT = "snapshot",
            EVENTS_INTO_LSN = "lsn_events_processed";

    private Schema lastEnvelope; // the last value schema found to be a change envelope: one per table version
    private Object lastLsn; // the last streamed change's

    /**
     * Whether {@code record}, with offset {@code offset}, is a streamed PostgreSQL change and the first delivered at
     * its LSN. Call once per record, in delivery order.
     *
     * @param backfill the record is a backfill's row
     */
    boolean first(SourceRecord record, Map<String, ?> offset, boolean backfill) {
        if (backfill || offset == null || offset.get(PROCESSED_LSN) == null || offset.get(SNAPSHOT) != null
                || offset.get(EVENTS_INTO_LSN) != null) {
            return false;
        }
        if (!isStreamedChange(record)) return false;
        Object lsn = offset.get(LSN);
        boolean first = lsn != null && !lsn.equals(lastLsn);
        lastLsn = lsn;
        return first;
    }

    private boolean isStreamedChange(SourceRecord record) {
        Schema schema = record.valueSchema();
        if (!(record.value() instanceof Struct value) || schema == null) return false;
        if (schema != lastEnvelope) {
            if (!TablePlan.isEnvelope(schema)) return false;
            lastEnvelope = schema;
        }
        Object op = value.getWithoutDefault(Envelope.OP);
        return "c".equals(op) || "u".equals(op) || "d".equals(op) || "t".equals(op);
    }
}
