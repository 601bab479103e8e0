package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.TransactionMetadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the parity suite compares of one {@link ChangeEvent}: everything a sink or an encoder sees of it,
 * taken apart so that {@link EventDiff} can name the part that differs. The envelope's own {@code ts_ms}
 * (when the reader processed the change) and the event's {@code position} (each engine's offset format)
 * are left out: they are not the same between two runs of one engine either.
 *
 * @param topic           destination topic
 * @param table           source table
 * @param op              change kind
 * @param key             key row, or null
 * @param envelopeSchema  name of the value's (envelope) schema, or null without a value
 * @param before          {@code before} row, or null
 * @param after           {@code after} row, or null
 * @param source          {@code source} block, or null without a value
 * @param sourceTimestamp {@link ChangeEvent#sourceTimestamp()}
 * @param transaction     {@link ChangeEvent#transaction()}
 * @param headers         the event's headers
 * @param unreadable      true for an event the reader could not convert
 * @param unreadableField the column an unreadable event names (its reason text and raw record are the engine's own)
 * @param transactionBlock the value's {@code transaction} block ({@code transaction_metadata}), or null
 */
record ComparableEvent(String topic, TableId table, Op op, Row key, String envelopeSchema, Row before, Row after,
                       Row source, Instant sourceTimestamp, String transaction, Headers headers,
                       boolean unreadable, String unreadableField, Row transactionBlock) {

    /** How the Debezium engine 3.5 names the data collection of each logical decoding message (see {@link #of}). */
    static final String DEBEZIUM_MESSAGE_COLLECTION = "io.debezium.connector.postgresql.LogicalDecodingMessageMonitor$LogicalDecodingMessageId@";

    /**
     * The comparable parts of {@code event}. One documented difference is taken out here (transaction metadata with
     * logical decoding messages): the Debezium engine counts each message in a transaction under a data collection of
     * its own named {@code ...LogicalDecodingMessageId@<identity hash>} (a fresh object's {@code toString()}), so its
     * END lists one such entry per message, and each message's block has {@code data_collection_order} 1; the native
     * engine counts them together under {@code LOGICAL_DECODING_MESSAGE}. Here an END's entries of either kind are
     * merged into one {@code LOGICAL_DECODING_MESSAGE} entry and all entries sorted by name (the engines' map orders
     * differ once the names do), and a message's {@code data_collection_order} is not compared.
     */
    static ComparableEvent of(ChangeEvent event) {
        Row value = event.value();
        boolean envelope = value != null && Envelope.isEnvelope(value.schema());
        // A logical decoding message: its message block as "after" and its source block, without its ts_ms.
        boolean message = value != null && event.op() == Op.MESSAGE;
        return new ComparableEvent(event.topic(), event.table(), event.op(), event.key(),
                value == null ? null : value.schema().name(),
                envelope ? Envelope.before(value) : null,
                envelope ? Envelope.after(value) : message ? (Row) value.get("message")
                        : event.op() == Op.TRANSACTION && value != null ? withMessagesMerged(value) : value,
                envelope ? Envelope.source(value) : message ? (Row) value.get("source") : null,
                event.sourceTimestamp(), event.transaction(), event.headers(),
                event.isUnreadable(), event.isUnreadable() ? event.unreadable().field() : null,
                transactionBlock(event));
    }

    private static Row transactionBlock(ChangeEvent event) {
        Row value = event.value();
        if (value == null || value.schema().indexOf(Envelope.TRANSACTION) < 0) return null;
        Row block = (Row) value.get(Envelope.TRANSACTION);
        if (block == null || event.op() != Op.MESSAGE) return block;
        return Envelope.transactionBlock((String) block.get("id"), (Long) block.get("total_order"), -1);
    }

    private static Row withMessagesMerged(Row value) {
        @SuppressWarnings("unchecked")
        List<Row> collections = (List<Row>) value.get("data_collections");
        if (collections == null) return value;
        Map<String, Long> merged = new TreeMap<>();
        for (Row c : collections) {
            String name = (String) c.get("data_collection");
            if (name.startsWith(DEBEZIUM_MESSAGE_COLLECTION)) name = "LOGICAL_DECODING_MESSAGE";
            merged.merge(name, (Long) c.get("event_count"), Long::sum);
        }
        return TransactionMetadata.end((String) value.get("id"), (Long) value.get("ts_ms"), (Long) value.get("event_count"),
                merged);
    }

    /** A snapshot (read) event: its {@code lsn}, {@code txId} and times are the run's snapshot point. */
    boolean snapshot() {
        return op == Op.READ;
    }

    /** A {@code source} field, or null (also without a source block or without that field). */
    Object sourceField(String name) {
        return source == null || source.schema().indexOf(name) < 0 ? null : source.get(name);
    }

    /** How a report names the event: table, op and key. */
    String describe() {
        return table + " " + op.code() + " key " + key;
    }
}
