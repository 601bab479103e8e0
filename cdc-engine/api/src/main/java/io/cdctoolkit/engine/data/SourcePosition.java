package io.cdctoolkit.engine.data;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an event was read in its source (an LSN, a binlog file and position, a datagen sequence
 * number). Opaque to stages and sinks: only the reader that produced it interprets it when the
 * runtime hands it back for commit. {@link #offset()} exposes the fields for headers, logs and
 * position-keyed deduplication.
 */
public interface SourcePosition {

    /**
     * The offset field that marks a row a backfill read — a table read again on request, not a change and not the first
     * snapshot: {@code true} (the native PostgreSQL reader, whose backfill reads at its own snapshot point, the
     * position's {@code lsn}), or the backfill's own id (a Debezium-engine reader: the blocking snapshot signal's, new
     * at each attempt). Such a row is a new read, not a re-delivery, even when its values were delivered before:
     * {@code content}-keyed deduplication keys it by its position's {@code lsn} and this marker too, so that the rows
     * of each backfill come through.
     */
    String BACKFILL = "backfill";

    /** The offset fields as the source names them, in a stable order. */
    Map<String, Object> offset();

    /**
     * Whether the reader knows this change to be the first it delivers at its {@link #offset()}, where the offset is a
     * point several changes may share: the Debezium engine's PostgreSQL inserts, whose LSN the rows of one
     * {@code COPY} (multi-insert) WAL record share. The first change at such a point is then named by it, as a change
     * whose offset no other change shares; position-keyed deduplication keys it so. True only when every delivery of
     * the change, after any restart, has it first (a reader resumes at the start of such a point, never inside it);
     * false when not known (the default), which is always safe.
     */
    default boolean firstAtOffset() {
        return false;
    }

    /** Compact text for headers and logs, e.g. {@code lsn=2345,txId=12}. */
    default String describe() {
        StringBuilder sb = new StringBuilder();
        offset().forEach((k, v) -> {
            if (sb.length() > 0) sb.append(',');
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /**
     * {@link #describe()} as UTF-8 bytes: the {@code cdc.source} header of every record, so a position
     * read once per event may write them without the intermediate text.
     */
    default byte[] describeUtf8() {
        return describe().getBytes(StandardCharsets.UTF_8);
    }

    /** A position made of the given offset fields (copied, order kept). */
    static SourcePosition of(Map<String, ?> offset) {
        return new MapPosition(Collections.unmodifiableMap(new LinkedHashMap<>(offset)));
    }

    /** The plain map-backed position. */
    record MapPosition(Map<String, Object> offset) implements SourcePosition {
        @Override
        public String toString() {
            return describe();
        }
    }
}
