package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;

import java.time.Instant;

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
 */
record ComparableEvent(String topic, TableId table, Op op, Row key, String envelopeSchema, Row before, Row after,
                       Row source, Instant sourceTimestamp, String transaction, Headers headers,
                       boolean unreadable, String unreadableField) {

    static ComparableEvent of(ChangeEvent event) {
        Row value = event.value();
        boolean envelope = value != null && Envelope.isEnvelope(value.schema());
        // A logical decoding message: its message block as "after" and its source block, without its ts_ms.
        boolean message = value != null && event.op() == Op.MESSAGE;
        return new ComparableEvent(event.topic(), event.table(), event.op(), event.key(),
                value == null ? null : value.schema().name(),
                envelope ? Envelope.before(value) : null,
                envelope ? Envelope.after(value) : message ? (Row) value.get("message") : value,
                envelope ? Envelope.source(value) : message ? (Row) value.get("source") : null,
                event.sourceTimestamp(), event.transaction(), event.headers(),
                event.isUnreadable(), event.isUnreadable() ? event.unreadable().field() : null);
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
