package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;

/**
 * Turns an event's key row and value row into the bytes the sink writes: plain JSON, or a registry
 * wire format. The runtime calls it once for the key (when the event has one) and once for the value
 * (unless it is a tombstone), on the pipeline thread.
 *
 * <p>Implementations compile per {@link io.cdctoolkit.engine.data.RowSchema} (see
 * {@link io.cdctoolkit.engine.data.SchemaCache}): the schema, its registry id and a writer are looked
 * up by the row's schema identity, so the per-event path does no schema work and no registry call.
 *
 * <p>Failures: a {@link RetryableException} (registry unreachable, 5xx) makes the pipeline wait and
 * call again with the same arguments, with backoff, until it succeeds or the pipeline stops — the
 * event is never skipped for it. An {@link InvalidDataException} (the registry rejected the schema, a
 * value the format cannot hold) applies {@code on_error} to the event. Anything else is fatal.
 */
public interface Encoder extends AutoCloseable {

    /** Which part of a record is being encoded (subjects and schema names depend on it). */
    enum Role {
        KEY, VALUE;

        /** {@code key} or {@code value}, as in subject names ({@code <topic>-key}). */
        public String suffix() {
            return this == KEY ? "key" : "value";
        }
    }

    /**
     * Encodes one row.
     *
     * @param topic   the record's final topic (subject names derive from it)
     * @param role    whether {@code row} is the record's key or its value
     * @param row     the row; its {@link Row#schema()} is the schema to encode against
     * @param headers where the encoder may append record headers (e.g. a schema version); the runtime
     *                passes the same builder for key and value
     * @return the bytes, never null
     */
    byte[] encode(String topic, Role role, Row row, Headers.Builder headers) throws InvalidDataException;

    /** What the bytes are. */
    PayloadFormat format();

    @Override
    default void close() {
    }
}
