package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.DerivedSchema;

/**
 * Gets a derived schema its registry identity (registering it when configured to) and says how
 * payloads written against it are framed. Called once per row schema and topic, never per event.
 */
public interface SchemaRegistrar extends AutoCloseable {

    /**
     * The framing for payloads of {@code schema} on {@code topic}.
     *
     * @throws InvalidDataException the registry rejected the schema (incompatible, invalid) or it is not
     *                              registered and may not be; the message carries the registry's reason
     * @throws RetryableException   the registry cannot be reached now
     */
    Framing framing(String topic, boolean key, DerivedSchema schema) throws InvalidDataException;

    /** Where schemas go, for messages (never with credentials). */
    String describe();

    @Override
    default void close() {
    }
}
