package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.SourcePosition;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a Debezium record was read: Debezium's source offset (LSN, binlog file/position/row, change
 * LSN…) plus the reader's own sequence number, which orders records for commit.
 *
 * @param sequence      the record's number in this reader's delivery order (starts at 1 per reader)
 * @param offset        Debezium's source offset fields, sorted by name
 * @param firstAtOffset the record is the first change delivered at its PostgreSQL LSN ({@link FirstAtLsn})
 */
public record DebeziumPosition(long sequence, Map<String, Object> offset, boolean firstAtOffset)
        implements SourcePosition {

    public DebeziumPosition {
        offset = offset == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(offset));
    }

    /** A position not known to be the first at its offset. */
    public DebeziumPosition(long sequence, Map<String, Object> offset) {
        this(sequence, offset, false);
    }

    /** As {@link SourcePosition#describe()}, without a lambda per field: it is written into every record's headers. */
    @Override
    public String describe() {
        StringBuilder text = new StringBuilder(16 * offset.size());
        for (Map.Entry<String, Object> field : offset.entrySet()) {
            if (!text.isEmpty()) text.append(',');
            text.append(field.getKey()).append('=').append(field.getValue());
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
