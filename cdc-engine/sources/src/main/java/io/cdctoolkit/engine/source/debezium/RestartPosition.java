package io.cdctoolkit.engine.source.debezium;

import java.util.HashMap;
import java.util.Map;

/**
 * Where Debezium resumes after a record, from its source offset: records with equal restart positions are one
 * point for a restart, so a record without an event must not have its offset saved while an event at its position
 * is unacknowledged ({@link CommitTracker}).
 */
final class RestartPosition {

    /** PostgreSQL's offset key: Debezium resumes after the change at this LSN, skipping every change at or before it. */
    private static final String POSTGRES_PROCESSED_LSN = "lsn_proc";

    private RestartPosition() {
    }

    /**
     * Whether {@code position} ({@link #of}) is PostgreSQL's processed LSN, which several changes can share (the rows
     * of one {@code COPY} multi-insert WAL record) and after which a restart skips every change at it. (The records of
     * a snapshot share their offset too, but an interrupted snapshot is taken again whole; binlog and SQL Server
     * offsets name each change.)
     */
    static boolean skipsEveryRecordAt(Object position) {
        return position instanceof Number;
    }

    /**
     * The restart position of a record with offset {@code offset}: PostgreSQL's processed LSN; for the other
     * connectors (binlog coordinates, change LSNs) the whole offset but its timestamps, which do not move where a
     * restart begins. Null for a record without an offset.
     */
    static Object of(Map<String, ?> offset) {
        if (offset == null) return null;
        Object lsn = offset.get(POSTGRES_PROCESSED_LSN);
        if (lsn != null) return lsn;
        Map<String, Object> position = new HashMap<>(offset);
        position.keySet().removeIf(key -> key.startsWith("ts_"));
        return position;
    }
}
