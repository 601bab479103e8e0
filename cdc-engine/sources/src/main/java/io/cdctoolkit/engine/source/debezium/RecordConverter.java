package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.Unreadable;
import io.cdctoolkit.engine.routing.OnCollision;
import io.cdctoolkit.engine.routing.TopicResolver;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns Debezium {@link SourceRecord}s (Connect format) into {@link ChangeEvent}s. Plans are built
 * once per table version and found by the identity of Debezium's envelope schema before anything
 * else is read from the record: an {@code ALTER TABLE} makes Debezium build a new schema, which gets
 * a new plan and a new {@link io.cdctoolkit.engine.data.RowSchema}. Snapshot rows ({@code op = r})
 * take exactly the same path as streamed ones.
 *
 * <p>Values are read as the database sent them: a NULL stays null even where the column has a
 * DEFAULT (the default stays schema information in the field). A before image holds only what the
 * database wrote into it ({@link BeforeImages}): columns it lacks are null, never Debezium's type
 * fallback for a NOT NULL column. A value its field type cannot hold
 * makes the event {@link Unreadable} (the column, why, and the record as JSON), for {@code on_error}.
 *
 * <p>Not thread-safe: one converter per reader, called from the engine's polling thread.
 */
public final class RecordConverter {

    private final ColumnFilters filters;
    private final TableTopics topics;
    private final BeforeImages beforeImages;
    private final Map<Schema, TablePlan> tablePlans = new IdentityHashMap<>();
    private final SourcePlans structPlans = new SourcePlans();
    private final RawRecordJson rawJson = new RawRecordJson();
    private final NonTableRecords nonTableRecords;
    private final boolean transactionBlocks;
    private final java.util.function.Function<Struct, Row> structs = s -> structPlans.plan(s.schema()).convert(s);

    /**
     * @param filters  column filters applied to every row
     * @param resolver the topic for each table, and whether two tables sharing one is an error
     */
    public RecordConverter(ColumnFilters filters, TopicResolver resolver) {
        this(filters, resolver, BeforeImages.ALL_FULL);
    }

    /**
     * @param filters      column filters applied to every row
     * @param resolver     the topic for each table, and whether two tables sharing one is an error
     * @param beforeImages which columns each table's before images carry (asked once per table version)
     */
    public RecordConverter(ColumnFilters filters, TopicResolver resolver, BeforeImages beforeImages) {
        this(filters, TableTopics.of(resolver), beforeImages, null, false);
    }

    /**
     * @param filters           column filters applied to every row
     * @param resolver          the topic for each table, and whether two tables sharing one is an error
     * @param beforeImages      which columns each table's before images carry (asked once per table version)
     * @param nonTableRecords   the connector's records that are events without being table changes; null: none
     * @param transactionBlocks whether envelopes carry Debezium's {@code transaction} block
     *                          ({@link Envelope#TRANSACTION}; the connector runs with {@code provide.transaction.metadata})
     */
    public RecordConverter(ColumnFilters filters, TopicResolver resolver, BeforeImages beforeImages,
                           NonTableRecords nonTableRecords, boolean transactionBlocks) {
        this(filters, TableTopics.of(resolver), beforeImages, nonTableRecords, transactionBlocks);
    }

    /** A converter naming topics by {@code topicNamer}, where two tables sharing a topic is an error. */
    RecordConverter(ColumnFilters filters, Function<TableId, String> topicNamer) {
        this(filters, topicNamer, BeforeImages.ALL_FULL);
    }

    /** As {@link #RecordConverter(ColumnFilters, Function)}, with the tables' before images. */
    RecordConverter(ColumnFilters filters, Function<TableId, String> topicNamer, BeforeImages beforeImages) {
        this(filters, new TableTopics(topicNamer, OnCollision.ERROR), beforeImages, null, false);
    }

    private RecordConverter(ColumnFilters filters, TableTopics topics, BeforeImages beforeImages,
                            NonTableRecords nonTableRecords, boolean transactionBlocks) {
        this.nonTableRecords = nonTableRecords;
        this.transactionBlocks = transactionBlocks;
        this.filters = filters;
        this.topics = topics;
        this.beforeImages = beforeImages;
    }

    /** Releases what the before-image lookups hold ({@link BeforeImages#close}); converting again takes it again. */
    public void close() {
        beforeImages.close();
    }

    /**
     * The event for a data-change record, or null for a record that only carries a position
     * (heartbeat, schema change, transaction marker, logical-decoding message — unless the connector's
     * {@link NonTableRecords} makes an event of it). A record with a value
     * that cannot be converted gives an {@linkplain ChangeEvent#isUnreadable() unreadable} event.
     *
     * @throws IllegalArgumentException when a column's type cannot be mapped at all (names table and column)
     * @throws io.cdctoolkit.engine.spi.FatalException when the table's topic is another table's under
     *                                                 {@code normalization.on_collision: error}
     */
    public ChangeEvent convert(SourceRecord record, SourcePosition position) {
        if (!(record.value() instanceof Struct value)) return null;
        Schema valueSchema = record.valueSchema();
        TablePlan plan = tablePlans.get(valueSchema);
        if (plan == null) {
            if (!TablePlan.isEnvelope(valueSchema)) {
                return nonTableRecords == null ? null : nonTableRecords.convert(record, position, structs);
            }
            plan = TablePlan.of(valueSchema, value, filters, topics::topic, structPlans, beforeImages, transactionBlocks);
            tablePlans.put(valueSchema, plan);
        }
        Op op = op((String) StructPlan.valueOf(value, plan.op()));
        if (op == null) return null;
        Struct sourceStruct = (Struct) StructPlan.valueOf(value, plan.source());
        Row source = plan.sourcePlan().convert(sourceStruct);
        Struct beforeStruct = (Struct) StructPlan.valueOf(value, plan.before());
        Struct afterStruct = (Struct) StructPlan.valueOf(value, plan.after());
        Row before;
        Row after;
        Row key;
        try {
            before = beforeStruct == null || plan.beforePlan() == null ? null : plan.beforePlan().convert(beforeStruct);
            after = afterStruct == null ? null : plan.rowPlan().convert(afterStruct);
            StructPlan knowing = plan.rowPlan().knowing(before, after);
            if (knowing != plan.rowPlan()) {
                plan = plan.withRowPlan(knowing, structPlans, transactionBlocks);
                tablePlans.put(valueSchema, plan);
                before = before == null ? null : plan.beforePlan().convert(beforeStruct);
                after = after == null ? null : plan.rowPlan().convert(afterStruct);
            }
            key = key(record);
            if (op == Op.DELETE) key = keyTheOldRowCarries(key, plan.beforeImage());
        } catch (UnconvertibleValueException e) {
            return unreadable(record, plan, op, position, sourceStruct, e);
        }
        Object ts = plan.tsMs() == null ? null : StructPlan.valueOf(value, plan.tsMs());
        Row envelope = Envelope.row(plan.envelopeSchema(), before, after, source, op,
                ts == null ? null : Instant.ofEpochMilli(((Number) ts).longValue()), transactionBlock(plan, value));
        return ChangeEvent.builder(plan.table(), op, plan.topic())
                .key(key)
                .value(envelope)
                .position(position)
                .sourceTimestamp(sourceTimestamp(plan, sourceStruct))
                .transaction(transaction(plan, sourceStruct))
                .build();
    }

    /** The envelope's transaction block, or null (none in this envelope, or a snapshot row). */
    private static Row transactionBlock(TablePlan plan, Struct value) {
        if (plan.transaction() == null) return null;
        Struct block = (Struct) StructPlan.valueOf(value, plan.transaction());
        if (block == null) return null;
        return Envelope.transactionBlock((String) block.getWithoutDefault("id"),
                (Long) block.getWithoutDefault("total_order"), (Long) block.getWithoutDefault("data_collection_order"));
    }

    private Row key(SourceRecord record) {
        if (!(record.key() instanceof Struct k)) return null;
        StructPlan plan = structPlans.plan(record.keySchema());
        Row key = plan.convert(k);
        StructPlan knowing = plan.knowing(key, null); // an enum key column, as the row's (see StructPlan#knowing)
        return knowing == plan ? key : structPlans.replace(record.keySchema(), knowing).convert(k);
    }

    /**
     * A delete's key, or null when it holds a value its old row does not carry. Debezium builds a delete's key from
     * the old row, and gives a key column the database did not write there (REPLICA IDENTITY USING INDEX on an index
     * without the primary key) a type fallback, e.g. {@code id: 0}: that key would route the delete to another row.
     * No key is the native engine's answer too (StreamAssembler#completeOrNull).
     */
    private static Row keyTheOldRowCarries(Row key, BeforeImage oldRow) {
        if (key == null || oldRow.kind() != BeforeImage.Kind.KEY) return key;
        RowSchema keySchema = key.schema();
        for (int k = 0; k < keySchema.size(); k++) {
            if (key.get(k) != null && !oldRow.carries(keySchema.field(k).name())) return null;
        }
        return key;
    }

    private ChangeEvent unreadable(SourceRecord record, TablePlan plan, Op op, SourcePosition position,
                                   Struct sourceStruct, UnconvertibleValueException e) {
        Row key;
        try {
            key = key(record);
            if (op == Op.DELETE) key = keyTheOldRowCarries(key, plan.beforeImage());
        } catch (UnconvertibleValueException keyToo) {
            key = null; // the raw record below still holds the key columns
        }
        String rowPath = plan.table() + ".";
        String column = e.column().startsWith(rowPath) ? e.column().substring(rowPath.length()) : e.column();
        return ChangeEvent.builder(plan.table(), op, plan.topic())
                .key(key)
                .position(position)
                .sourceTimestamp(sourceTimestamp(plan, sourceStruct))
                .transaction(transaction(plan, sourceStruct))
                .unreadable(new Unreadable(column, e.reason(), rawJson.render(record, filters.forTable(plan.table()))))
                .build();
    }

    private static Instant sourceTimestamp(TablePlan plan, Struct source) {
        if (plan.sourceTsUs() != null) {
            Object us = StructPlan.valueOf(source, plan.sourceTsUs());
            if (us != null) return ConnectTypeMapper.fromEpochMicros(((Number) us).longValue());
        }
        if (plan.sourceTsMs() != null) {
            Object ms = StructPlan.valueOf(source, plan.sourceTsMs());
            if (ms != null) return Instant.ofEpochMilli(((Number) ms).longValue());
        }
        return null;
    }

    private static String transaction(TablePlan plan, Struct source) {
        if (plan.sourceTx() == null) return null;
        Object tx = StructPlan.valueOf(source, plan.sourceTx());
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
