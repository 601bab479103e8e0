package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.SourcePosition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a native-reader event was read. A streamed change: its transaction's commit LSN
 * ({@code commitLsn}, from Begin), the change's own LSN, its number within the transaction
 * ({@code index}, from 1: several rows may share one WAL record, so the LSN alone does not order
 * them) and, on the transaction's last event only, the LSN after the commit ({@code endLsn}, what the
 * slot may confirm once this event is committed; 0 otherwise). A snapshot row: {@code snapshot} true,
 * {@code index} its number in the snapshot, {@code endLsn} the slot's consistent point on the last row.
 */
record NativePosition(boolean snapshot, long commitLsn, long lsn, long index, long endLsn) implements SourcePosition {

    boolean lastInTransaction() {
        return endLsn != 0;
    }

    @Override
    public Map<String, Object> offset() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (snapshot) m.put("snapshot", true);
        m.put("lsn_commit", commitLsn);
        m.put("lsn", lsn);
        m.put("index", index);
        if (endLsn != 0) m.put("lsn_end", endLsn);
        return m;
    }

    /**
     * The same text as the default (the {@link #offset()} fields, in order) without building the map:
     * this is the {@code cdc.source} header of every record.
     */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(snapshot ? 80 : 64);
        if (snapshot) sb.append("snapshot=true,");
        sb.append("lsn_commit=").append(commitLsn).append(",lsn=").append(lsn).append(",index=").append(index);
        if (endLsn != 0) sb.append(",lsn_end=").append(endLsn);
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
