package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.util.Map;
import java.util.Set;

/**
 * The native reader's saved offsets: whether the snapshot finished, the last committed change
 * ({@link ResumePoint}), the LSN confirmed to the slot, the tables the source captured when they were saved and the
 * backfill of tables captured after the snapshot or read again on request ({@link BackfillRequest}).
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
     * A backfill of tables captured after the snapshot, or read again on request: their rows read in the exported
     * snapshot of a temporary slot, whose consistent point splits their changes between the rows (committed before it)
     * and the stream (after).
     *
     * @param tables          the backfilled tables ({@link FilteredPublication#member} names)
     * @param consistentPoint the temporary slot's consistent point once every row is committed; 0 before (a start
     *                        then reads the rows again)
     * @param reread          those of {@code tables} read again on request ({@link BackfillRequest}): captured all along,
     *                        so the stream still delivers their changes before the point — after the rows, as a replay
     *                        after a restart would. Left out, a row deleted while the source was stopped would keep its
     *                        last record in a compacted topic, as no row and no delete would say it is gone.
     * @param conditions      of the tables read again, those read only in part ({@code backfill --where}): the SQL
     *                        condition over the table's columns that selects the rows read
     */
    record Backfill(Set<String> tables, long consistentPoint, Set<String> reread, Map<String, String> conditions) {

        Backfill {
            tables = Set.copyOf(tables);
            reread = Set.copyOf(reread);
            conditions = Map.copyOf(conditions);
            if (!tables.containsAll(reread)) throw new IllegalArgumentException("reread tables not among " + tables);
            if (!reread.containsAll(conditions.keySet())) {
                throw new IllegalArgumentException("conditions of tables not read again: " + conditions.keySet());
            }
        }

        Backfill(Set<String> tables, long consistentPoint, Set<String> reread) {
            this(tables, consistentPoint, reread, Map.of());
        }

        /** A backfill of tables captured since the snapshot alone. */
        Backfill(Set<String> tables, long consistentPoint) {
            this(tables, consistentPoint, Set.of());
        }

        /** This backfill once its rows are committed: at {@code point}. */
        Backfill committedAt(long point) {
            return new Backfill(tables, point, reread, conditions);
        }

        /** Its tables whose changes before the consistent point the rows hold and the stream leaves out. */
        Set<String> skippedFromStream() {
            Set<String> skipped = new java.util.TreeSet<>(tables);
            skipped.removeAll(reread);
            return skipped;
        }

        boolean rowsCommitted() {
            return consistentPoint != 0;
        }
    }
}
