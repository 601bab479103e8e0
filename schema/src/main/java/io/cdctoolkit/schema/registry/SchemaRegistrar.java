package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.List;
import java.util.Optional;

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

    /**
     * The latest schema registered under the subject (Glue: the schema) that rows of {@code recordName} on
     * {@code topic} go to, or empty when there is none yet: a format whose next version follows the previous one
     * (Protobuf's field numbers) derives against it. Called once per row schema and topic, like {@link #framing}.
     *
     * @throws RetryableException the registry cannot be reached now
     * @throws FatalException     the registry refuses access
     */
    Optional<SchemaText> latest(String topic, boolean key, String recordName);

    /**
     * Every version of that subject (Glue: schema), newest first; empty when there is none. Read only when a table
     * version is not the latest ({@link SubjectDerivation}).
     *
     * @throws RetryableException the registry cannot be reached now
     * @throws FatalException     the registry refuses access
     */
    List<SchemaText> versions(String topic, boolean key, String recordName);

    /** Where schemas go, for messages (never with credentials). */
    String describe();

    @Override
    default void close() {
    }
}
