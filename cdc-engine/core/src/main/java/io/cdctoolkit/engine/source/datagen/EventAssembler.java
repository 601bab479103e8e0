package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.util.Map;

/**
 * Turns a {@link Change} into a Debezium-shaped {@link ChangeEvent}: envelope value with a datagen
 * {@code source} block, primary-key row as key, {@code {seq: n}} as position. Schemas are built once.
 */
final class EventAssembler {

    /** Offset field of datagen positions. */
    static final String SEQ = "seq";

    /** The datagen {@code source} block. */
    static final RowSchema SOURCE_SCHEMA = RowSchema.builder("io.cdctoolkit.connector.datagen.Source")
            .required("connector", FieldType.STRING)
            .required("name", FieldType.STRING)
            .required("ts_ms", FieldType.INT64)
            .required("snapshot", FieldType.STRING)
            .required("db", FieldType.STRING)
            .required("table", FieldType.STRING)
            .required(SEQ, FieldType.INT64)
            .build();

    private final RowLayout layout;
    private final RowSchema envelopeSchema;
    private final TableId table;
    private final String topic;
    private final String sourceName;

    EventAssembler(RowLayout layout, TableId table, String topic, String sourceName) {
        this.layout = layout;
        this.table = table;
        this.topic = topic;
        this.sourceName = sourceName;
        this.envelopeSchema = Envelope.schema(table.database() + "." + table.table(), layout.valueSchema(),
                SOURCE_SCHEMA);
    }

    RowSchema envelopeSchema() {
        return envelopeSchema;
    }

    ChangeEvent toEvent(Change change) {
        Row rowWithKey = change.after() != null ? change.after() : change.before();
        // Debezium's convention: a read of an existing row (op r) is a snapshot row; a change (c/u/d) is not.
        Row source = Row.of(SOURCE_SCHEMA, "datagen", sourceName, change.at().toEpochMilli(),
                change.op() == Op.READ ? "true" : "false", table.database(), table.table(), change.seq());
        return ChangeEvent.builder(table, change.op(), topic)
                .key(layout.keyOf(rowWithKey))
                .value(Envelope.row(envelopeSchema, change.before(), change.after(), source, change.op(), change.at()))
                .position(SourcePosition.of(Map.of(SEQ, change.seq())))
                .sourceTimestamp(change.at())
                .build();
    }
}
