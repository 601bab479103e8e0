package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.source.debezium.NonTableRecords;
import io.cdctoolkit.engine.source.postgres.pgoutput.LogicalDecodingMessages;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Function;

/**
 * The Debezium engine's logical decoding message records ({@code io.debezium.connector.postgresql.MessageValue})
 * as the events the native engine makes of the same messages ({@link LogicalDecodingMessages}); records of
 * prefixes not listed, and the heartbeat's, give none.
 */
final class DebeziumMessageRecords implements NonTableRecords {

    static final String VALUE_SCHEMA = "io.debezium.connector.postgresql.MessageValue";

    private final LogicalDecodingMessages messages;

    DebeziumMessageRecords(LogicalDecodingMessages messages) {
        this.messages = messages;
    }

    @Override
    public ChangeEvent convert(SourceRecord record, SourcePosition position, Function<Struct, Row> structs) {
        Struct value = NonTableRecords.valueNamed(record, VALUE_SCHEMA);
        if (value == null) return null;
        Struct message = (Struct) value.getWithoutDefault("message");
        String prefix = (String) message.getWithoutDefault("prefix");
        if (!messages.emits(prefix)) return null;
        Struct source = (Struct) value.getWithoutDefault("source");
        Object txId = source.getWithoutDefault("txId");
        Object tsUs = source.getWithoutDefault("ts_us");
        return messages.event(prefix, bytes(message.getWithoutDefault("content")), structs.apply(source),
                (Long) value.getWithoutDefault("ts_ms"), position,
                txId == null || tsUs == null ? null : microsInstant((Long) tsUs),
                txId == null ? null : txId.toString(), transactionBlock(value));
    }

    /** The value's transaction block ({@code transaction_metadata}, a transactional message), else null. */
    private Row transactionBlock(Struct value) {
        if (!messages.transactionBlocks() || value.schema().field(Envelope.TRANSACTION) == null) return null;
        Struct block = (Struct) value.getWithoutDefault(Envelope.TRANSACTION);
        return block == null ? null : Envelope.transactionBlock((String) block.getWithoutDefault("id"),
                (Long) block.getWithoutDefault("total_order"), (Long) block.getWithoutDefault("data_collection_order"));
    }

    /** {@code binary.handling.mode: bytes} (the toolkit's setting) gives the content as bytes or a buffer. */
    private static byte[] bytes(Object content) {
        if (content == null || content instanceof byte[]) return (byte[]) content;
        if (content instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        throw new IllegalStateException("logical decoding message content as " + content.getClass().getName()
                + ": binary.handling.mode other than bytes is not supported for message events");
    }

    private static Instant microsInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
