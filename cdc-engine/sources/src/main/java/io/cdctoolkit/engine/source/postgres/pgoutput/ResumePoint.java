package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * The last committed change of a restart: the server resends every transaction it was not told is
 * done, so changes of a partly committed transaction up to {@code index} are skipped, and nothing
 * of a transaction at or before a fully committed one is emitted again.
 *
 * @param commitLsn the commit LSN of the last committed change's transaction (0: nothing committed)
 * @param index     that change's number within its transaction
 * @param complete  whether the whole transaction was committed
 */
record ResumePoint(long commitLsn, long index, boolean complete) {

    static final ResumePoint NONE = new ResumePoint(0, 0, true);

    /** Whether the {@code index}-th change of the transaction committing at {@code commitLsn} was already delivered. */
    boolean skips(long txCommitLsn, long txIndex) {
        int order = Long.compareUnsigned(txCommitLsn, commitLsn);
        if (order < 0) return true;
        return order == 0 && (complete || txIndex <= index);
    }
}
