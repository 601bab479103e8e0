package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * The native reader's saved offsets: whether the snapshot finished, the last committed change
 * ({@link ResumePoint}) and the LSN confirmed to the slot.
 */
record Offsets(boolean snapshotCompleted, ResumePoint resume, long confirmedLsn) {

    static final Offsets EMPTY = new Offsets(false, ResumePoint.NONE, 0);
}
