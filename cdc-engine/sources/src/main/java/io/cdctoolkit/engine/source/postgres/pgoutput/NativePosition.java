package io.cdctoolkit.engine.source.postgres.pgoutput;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.cdctoolkit.engine.data.SourcePosition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a native-reader event was read. A streamed change: its transaction's commit LSN
 * ({@code commitLsn}, from Begin), the change's own LSN, its number within the transaction
 * ({@code index}, from 1: several rows may share one WAL record, so the LSN alone does not order
 * them) and, on the transaction's last event only, the LSN after the commit ({@code endLsn}, what the
 * slot may confirm once this event is committed; 0 otherwise). A snapshot row: {@code snapshot} true,
 * {@code lsn} the snapshot's consistent point, {@code index} its number in the snapshot, {@code endLsn} that point
 * on the last row; {@code backfill} true for a backfill's row (a table read again, or captured since the snapshot),
 * {@code lsn} then its temporary slot's point, which differs from one backfill to the next.
 */
record NativePosition(boolean snapshot, long commitLsn, long lsn, long index, long endLsn, boolean backfill)
        implements SourcePosition {

    /** A streamed change's position, or a snapshot row's (not a backfill's). */
    NativePosition(boolean snapshot, long commitLsn, long lsn, long index, long endLsn) {
        this(snapshot, commitLsn, lsn, index, endLsn, false);
    }

    private static final byte[] SNAPSHOT = ascii("snapshot=true,");
    private static final byte[] BACKFILL = ascii("backfill=true,");
    private static final byte[] LSN_COMMIT = ascii("lsn_commit=");
    private static final byte[] LSN = ascii(",lsn=");
    private static final byte[] INDEX = ascii(",index=");
    private static final byte[] LSN_END = ascii(",lsn_end=");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    boolean lastInTransaction() {
        return endLsn != 0;
    }

    @Override
    public Map<String, Object> offset() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (snapshot) m.put("snapshot", true);
        if (backfill) m.put(SourcePosition.BACKFILL, true);
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
        StringBuilder sb = new StringBuilder(snapshot ? 96 : 64);
        if (snapshot) sb.append("snapshot=true,");
        if (backfill) sb.append("backfill=true,");
        sb.append("lsn_commit=").append(commitLsn).append(",lsn=").append(lsn).append(",index=").append(index);
        if (endLsn != 0) sb.append(",lsn_end=").append(endLsn);
        return sb.toString();
    }

    /** {@link #describe()}'s ASCII bytes, written straight into the result (no builder, no string). */
    @Override
    public byte[] describeUtf8() {
        byte[] text = new byte[(snapshot ? SNAPSHOT.length : 0) + (backfill ? BACKFILL.length : 0) + LSN_COMMIT.length + LSN.length + INDEX.length
                + (endLsn != 0 ? LSN_END.length : 0) + 4 * 20];
        int at = 0;
        if (snapshot) at = put(text, at, SNAPSHOT);
        if (backfill) at = put(text, at, BACKFILL);
        at = NumberOutput.outputLong(commitLsn, text, put(text, at, LSN_COMMIT));
        at = NumberOutput.outputLong(lsn, text, put(text, at, LSN));
        at = NumberOutput.outputLong(index, text, put(text, at, INDEX));
        if (endLsn != 0) at = NumberOutput.outputLong(endLsn, text, put(text, at, LSN_END));
        return Arrays.copyOf(text, at);
    }

    private static int put(byte[] text, int at, byte[] ascii) {
        System.arraycopy(ascii, 0, text, at, ascii.length);
        return at + ascii.length;
    }

    @Override
    public String toString() {
        return describe();
    }
}
