package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Logical decoding messages ({@code pg_logical_emit_message}) as events, the same for both engines of
 * {@code postgres-cdc}: which prefixes become events ({@code message_prefixes}, globs; the toolkit's own
 * heartbeat prefix never does), and the event, shaped as the Debezium PostgreSQL connector's message record:
 * key {@code io.debezium.connector.postgresql.MessageKey {prefix}}, value
 * {@code io.debezium.connector.postgresql.MessageValue {op: "m", ts_ms, source, message {prefix, content}}}
 * (Debezium's {@code transaction} field, before {@code message}, only with {@code transaction_metadata}, as in the
 * toolkit's change envelopes).
 * Every message event has the table {@code <database>.message} (no schema level: no PostgreSQL table has that
 * identity) and one topic, {@code message_topic}. Used by one reader thread.
 */
public final class LogicalDecodingMessages {

    /** The prefix of the toolkit's heartbeat messages ({@code heartbeat_message}), never an event. */
    public static final String HEARTBEAT_PREFIX = "cdc-toolkit-heartbeat";
    /** The table name every message event carries (the event is not a row change of any table). */
    public static final String TABLE = "message";

    static final RowSchema KEY_SCHEMA = RowSchema.of("io.debezium.connector.postgresql.MessageKey",
            Field.optional("prefix", FieldType.STRING));
    static final RowSchema MESSAGE_SCHEMA = RowSchema.of("io.debezium.connector.postgresql.Message",
            Field.optional("prefix", FieldType.STRING), Field.optional("content", FieldType.BYTES));

    private final List<Pattern> prefixes;
    private final TableId table;
    private final String topic;
    private final boolean transactionBlocks;
    private final Map<RowSchema, RowSchema> valueSchemas = new IdentityHashMap<>();

    /**
     * @param prefixGlobs       the prefixes whose messages become events ({@code *}, {@code ?}); empty: none
     * @param database          the captured database (the events' table is {@code <database>.message})
     * @param topic             the topic of every message event
     * @param transactionBlocks whether values carry Debezium's {@code transaction} block ({@code transaction_metadata})
     */
    public LogicalDecodingMessages(List<String> prefixGlobs, String database, String topic, boolean transactionBlocks) {
        this.transactionBlocks = transactionBlocks;
        this.prefixes = prefixGlobs.stream().map(Globs::compile).toList();
        this.table = new TableId(database, null, TABLE);
        this.topic = topic;
    }

    /** Whether a message with this prefix becomes an event. */
    public boolean emits(String prefix) {
        if (prefix == null || HEARTBEAT_PREFIX.equals(prefix)) return false;
        for (Pattern p : prefixes) if (p.matcher(prefix).matches()) return true;
        return false;
    }

    /** Whether any prefix is listed (else the reader need not ask the server for messages at all). */
    public boolean any() {
        return !prefixes.isEmpty();
    }

    /**
     * The event of one message.
     *
     * @param source          the {@code source} block (its schema is the reader's)
     * @param tsMs            the value's {@code ts_ms} (when the reader processed it), or null
     * @param sourceTimestamp when the message was written (commit time for a transactional one), or null
     * @param transaction     the source transaction id, or null for a non-transactional message
     * @param block             the {@link Envelope#TRANSACTION_BLOCK} row with {@code transaction_metadata} for a
     *                          transactional message, else null
     */
    public ChangeEvent event(String prefix, byte[] content, Row source, Long tsMs, SourcePosition position,
                             Instant sourceTimestamp, String transaction, Row block) {
        RowSchema valueSchema = valueSchemas.computeIfAbsent(source.schema(), this::valueSchema);
        Row message = Row.of(MESSAGE_SCHEMA, prefix, content);
        Row value = transactionBlocks ? Row.of(valueSchema, Op.MESSAGE.code(), tsMs, source, block, message)
                : Row.of(valueSchema, Op.MESSAGE.code(), tsMs, source, message);
        return ChangeEvent.builder(table, Op.MESSAGE, topic)
                .key(Row.of(KEY_SCHEMA, prefix))
                .value(value)
                .position(position)
                .sourceTimestamp(sourceTimestamp)
                .transaction(transaction)
                .build();
    }

    /** Whether message values carry the transaction block. */
    public boolean transactionBlocks() {
        return transactionBlocks;
    }

    private RowSchema valueSchema(RowSchema sourceSchema) {
        RowSchema.Builder b = RowSchema.builder("io.debezium.connector.postgresql.MessageValue")
                .required("op", FieldType.STRING)
                .optional("ts_ms", FieldType.INT64)
                .required("source", new FieldType.Struct(sourceSchema));
        if (transactionBlocks) b.optional(Envelope.TRANSACTION, new FieldType.Struct(Envelope.TRANSACTION_BLOCK));
        return b.required("message", new FieldType.Struct(MESSAGE_SCHEMA)).build();
    }

    /**
     * The shape of the message events, with the {@code source} block both engines give them (the Debezium engine's
     * block, converted, has the same fields as {@link SourceBlock#SCHEMA}).
     */
    public EventShape shape() {
        return new EventShape(table, topic, KEY_SCHEMA, valueSchema(SourceBlock.SCHEMA), Set.of(Op.MESSAGE));
    }

    /** The table identity every message event carries ({@code <database>.message}). */
    public TableId table() {
        return table;
    }

    /** The topic of every message event. */
    public String topic() {
        return topic;
    }
}
