package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.util.Set;

/**
 * The native reader's saved offsets: whether the snapshot finished, the last committed change
 * ({@link ResumePoint}), the LSN confirmed to the slot, the tables the source captured when they were saved and the
 * backfill of tables captured after the snapshot.
 *
 * @param captured the captured tables ({@link FilteredPublication#member} names; null: not known, offsets saved
 *                 before the reader recorded them) — a table captured at a start and not in here is backfilled
 * @param backfill the backfill of newly captured tables under way (null: none): its rows not all committed yet, or
 *                 committed while the slot has not confirmed past its consistent point (its tables' changes before
 *                 that point are in its rows). Dropped as soon as the confirmed LSN reaches that point.
 */
record Offsets(boolean snapshotCompleted, ResumePoint resume, long confirmedLsn, Set<String> captured, Backfill backfill) {

    static final Offsets EMPTY = new Offsets(false, ResumePoint.NONE, 0);

    Offsets {
        if (captured != null) captured = Set.copyOf(captured);
        if (backfill != null && backfill.rowsCommitted()
                && Long.compareUnsigned(confirmedLsn, backfill.consistentPoint()) >= 0) {
            backfill = null; // the stream has passed every change its rows hold
        }
    }

    Offsets(boolean snapshotCompleted, ResumePoint resume, long confirmedLsn) {
        this(snapshotCompleted, resume, confirmedLsn, null, null);
    }

    /** These offsets with another position, the captured tables and backfill kept. */
    Offsets at(boolean snapshotCompleted, ResumePoint resume, long confirmedLsn) {
        return new Offsets(snapshotCompleted, resume, confirmedLsn, captured, backfill);
    }

    Offsets withCaptured(Set<String> tables) {
        return new Offsets(snapshotCompleted, resume, confirmedLsn, tables, backfill);
    }

    Offsets withBackfill(Backfill next) {
        return new Offsets(snapshotCompleted, resume, confirmedLsn, captured, next);
    }

    /**
     * A backfill of tables captured after the snapshot: their rows read in the exported snapshot of a temporary slot,
     * whose consistent point splits their changes between the rows (committed before it) and the stream (after).
     *
     * @param tables          the backfilled tables ({@link FilteredPublication#member} names)
     * @param consistentPoint the temporary slot's consistent point once every row is committed; 0 before (a start
     *                        then reads the rows again)
     */
    record Backfill(Set<String> tables, long consistentPoint) {

        Backfill {
            tables = Set.copyOf(tables);
        }

        boolean rowsCommitted() {
            return consistentPoint != 0;
        }
    }
}
