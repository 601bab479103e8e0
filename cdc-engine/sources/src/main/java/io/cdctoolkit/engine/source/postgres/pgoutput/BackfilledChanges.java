package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;

import java.util.Set;

/**
 * The streamed changes a backfill's rows already hold: those of its tables in transactions that committed before its
 * consistent point, which its exported snapshot sees. The slot, confirmed at an earlier position, sends them again;
 * emitted after the rows they would repeat (or undo) what the rows hold, so the stream skips them.
 *
 * @param tables          the backfilled tables (partitioned ones and their partitions: either name may be streamed)
 * @param consistentPoint the backfill's consistent point (0: no backfill, nothing is skipped)
 */
record BackfilledChanges(Set<TableId> tables, long consistentPoint) {

    static final BackfilledChanges NONE = new BackfilledChanges(Set.of(), 0);

    BackfilledChanges {
        tables = Set.copyOf(tables);
    }

    /** Whether a change of {@code table} in the transaction committing at {@code commitLsn} is in the backfill's rows. */
    boolean covers(TableId table, long commitLsn) {
        return consistentPoint != 0 && Long.compareUnsigned(commitLsn, consistentPoint) < 0 && tables.contains(table);
    }
}
