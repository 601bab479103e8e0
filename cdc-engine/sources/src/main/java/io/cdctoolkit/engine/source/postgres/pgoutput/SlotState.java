package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * What {@code pg_replication_slots} says of the reader's slot at start, for {@link SnapshotDecision}.
 *
 * @param confirmedFlushLsn the slot's {@code confirmed_flush_lsn}: the server sends no transaction committed before it
 * @param lost              whether the server removed WAL the slot still needed ({@code wal_status = 'lost'}, 13+):
 *                          it can no longer be streamed
 */
record SlotState(long confirmedFlushLsn, boolean lost) {
}
