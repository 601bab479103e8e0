package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.replication.LogSequenceNumber;

/**
 * Whether the native reader snapshots at start, and why (for the log), from {@code snapshot_mode}, the saved
 * {@link Offsets} and the slot's state — the Debezium PostgreSQL connector's rules (3.x: its snapshotters and
 * {@code BaseSourceTask.validateSchemaHistory}):
 * <ul>
 *   <li>{@code initial}: when no snapshot completed (none saved, or one interrupted);</li>
 *   <li>{@code no_data}/{@code never}: never;</li>
 *   <li>{@code always}: at every start;</li>
 *   <li>{@code when_needed}: as {@code initial}, and when the saved offsets are stale: the slot is gone, its
 *       WAL was removed ({@code wal_status lost}), or it has confirmed a position past the saved one (changes
 *       after the saved position would never be sent: the server skips what was committed before the slot's
 *       {@code confirmed_flush_lsn}). Debezium's test is the slot's {@code restart_lsn} past the saved LSN; the
 *       confirmed position is never behind the restart position, so this test catches every case Debezium's
 *       does, and also a slot advanced by someone else.</li>
 * </ul>
 *
 * @param snapshot whether to snapshot
 * @param reason   why, for the log (null when no snapshot)
 */
record SnapshotDecision(boolean snapshot, String reason) {

    private static final SnapshotDecision NONE = new SnapshotDecision(false, null);

    /**
     * @param saved the offsets found at start ({@link Offsets#EMPTY} when none)
     * @param slot  the slot's state, or null when the slot does not exist
     */
    static SnapshotDecision of(SnapshotMode mode, Offsets saved, SlotState slot) {
        boolean noSnapshotYet = !saved.snapshotCompleted();
        return switch (mode) {
            case NO_DATA -> NONE;
            case ALWAYS -> new SnapshotDecision(true, "snapshot_mode always");
            case INITIAL -> noSnapshotYet ? new SnapshotDecision(true, "no completed snapshot") : NONE;
            case WHEN_NEEDED -> {
                if (noSnapshotYet) yield new SnapshotDecision(true, "no completed snapshot");
                String stale = staleness(saved, slot);
                yield stale == null ? NONE : new SnapshotDecision(true, "saved offsets stale: " + stale);
            }
        };
    }

    /** Why the saved offsets can no longer be resumed from, or null when they can. */
    private static String staleness(Offsets saved, SlotState slot) {
        if (slot == null) return "the replication slot is gone";
        if (slot.lost()) return "the replication slot lost WAL it needed (wal_status lost)";
        // 0: nothing was confirmed yet, the stream resumes from the slot's own position (Debezium: no stored LSN, valid).
        if (saved.confirmedLsn() != 0 && Long.compareUnsigned(slot.confirmedFlushLsn(), saved.confirmedLsn()) > 0) {
            return "the replication slot confirmed " + LogSequenceNumber.valueOf(slot.confirmedFlushLsn()).asString() + ", past the saved "
                    + LogSequenceNumber.valueOf(saved.confirmedLsn()).asString();
        }
        return null;
    }
}
