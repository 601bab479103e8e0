package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.function.Function;

/**
 * A connector's own records that are no table change but may still be events (the PostgreSQL connector's
 * logical decoding messages, transaction metadata records), for the {@link RecordConverter}: asked for every
 * record whose value is not a change envelope.
 */
@FunctionalInterface
public interface NonTableRecords {

    /**
     * The event of {@code record}, or null when it is none (a heartbeat, a message whose prefix is not listed, a
     * record of another kind).
     *
     * @param structs converts any Connect struct of the record to a row as table rows are converted (a
     *                field's schema default is never put in for a null)
     */
    ChangeEvent convert(SourceRecord record, SourcePosition position, Function<Struct, Row> structs);

    /** The record's value when its schema is named {@code schemaName} (a kind of record), else null. */
    static Struct valueNamed(SourceRecord record, String schemaName) {
        return record.valueSchema() != null && schemaName.equals(record.valueSchema().name())
                && record.value() instanceof Struct value ? value : null;
    }
}
