package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;

/**
 * Turns an event's key and value into the bytes the sink writes (plain JSON, or a registry wire
 * format). Caches per {@link io.cdctoolkit.engine.data.RowSchema}: no schema work per event.
 */
public interface Encoder extends AutoCloseable {

    /** The key's bytes, or null when the event has no key. */
    byte[] encodeKey(ChangeEvent event) throws InvalidDataException;

    /** The value's bytes, or null for a tombstone. */
    byte[] encodeValue(ChangeEvent event) throws InvalidDataException;

    /** What the bytes are. */
    PayloadFormat format();

    @Override
    default void close() {
    }
}
