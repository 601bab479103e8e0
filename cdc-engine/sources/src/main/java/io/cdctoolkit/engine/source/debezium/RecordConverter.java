package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns Debezium {@link SourceRecord}s (Connect format) into {@link ChangeEvent}s. Plans are built
 * once per table version (Debezium envelope schema, by identity): an {@code ALTER TABLE} makes
 * Debezium build a new schema, which gets a new plan and a new {@link io.cdctoolkit.engine.data.RowSchema}.
 * Snapshot rows ({@code op = r}) take exactly the same path as streamed ones.
 *
 * <p>Not thread-safe: one converter per reader, called from the engine's polling thread.
 */
public final class RecordConverter {

    private final ColumnFilters filters;
    private final Function<TableId, String> topicNamer;
    private final Map<Schema, TablePlan> tablePlans = new IdentityHashMap<>();
    private final SourcePlans structPlans = new SourcePlans();

    /**
     * @param filters    column filters applied to every row
     * @param topicNamer the topic for each table
     */
    public RecordConverter(ColumnFilters filters, Function<TableId, String> topicNamer) {
        this.filters = filters;
        this.topicNamer = topicNamer;
    }

    /**
     * The event for a data-change record, or null for a record that only carries a position
     * (heartbeat, schema change, transaction marker, logical-decoding message).
     *
     * @throws IllegalArgumentException when a value cannot be converted (names table and column)
     */
    public ChangeEvent convert(SourceRecord record, SourcePosition position) {
        Schema valueSchema = record.valueSchema();
        if (!(record.value() instanceof Struct value) || !TablePlan.isEnvelope(valueSchema)) return null;
        Op op = op(value.getString(Envelope.OP));
        if (op == null) return null;
        TablePlan plan = tablePlans.get(valueSchema);
        if (plan == null) {
            plan = TablePlan.of(valueSchema, value, filters, topicNamer, structPlans);
            tablePlans.put(valueSchema, plan);
        }
        Struct sourceStruct = (Struct) value.get(plan.source());
        Row source = plan.sourcePlan().convert(sourceStruct);
        Struct beforeStruct = (Struct) value.get(plan.before());
        Struct afterStruct = (Struct) value.get(plan.after());
        Row before = beforeStruct == null ? null : plan.rowPlan().convert(beforeStruct);
        Row after = afterStruct == null ? null : plan.rowPlan().convert(afterStruct);
        Object ts = plan.tsMs() == null ? null : value.get(plan.tsMs());
        Row envelope = Envelope.row(plan.envelopeSchema(), before, after, source, op,
                ts == null ? null : Instant.ofEpochMilli(((Number) ts).longValue()));
        Row key = record.key() instanceof Struct k ? structPlans.plan(record.keySchema()).convert(k) : null;
        return ChangeEvent.builder(plan.table(), op, plan.topic())
                .key(key)
                .value(envelope)
                .position(position)
                .sourceTimestamp(sourceTimestamp(plan, sourceStruct))
                .transaction(transaction(plan, sourceStruct))
                .build();
    }

    private static Instant sourceTimestamp(TablePlan plan, Struct source) {
        if (plan.sourceTsUs() != null) {
            Object us = source.get(plan.sourceTsUs());
            if (us != null) return ConnectTypeMapper.fromEpochMicros(((Number) us).longValue());
        }
        if (plan.sourceTsMs() != null) {
            Object ms = source.get(plan.sourceTsMs());
            if (ms != null) return Instant.ofEpochMilli(((Number) ms).longValue());
        }
        return null;
    }

    private static String transaction(TablePlan plan, Struct source) {
        if (plan.sourceTx() == null) return null;
        Object tx = source.get(plan.sourceTx());
        return tx == null ? null : tx.toString();
    }

    private static Op op(String code) {
        if (code == null) return null;
        switch (code) {
            case "c": return Op.CREATE;
            case "r": return Op.READ;
            case "u": return Op.UPDATE;
            case "d": return Op.DELETE;
            case "t": return Op.TRUNCATE;
            default: return null; // "m" (logical decoding message) carries no row change
        }
    }
}
