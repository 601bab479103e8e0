package io.cdctoolkit.schema.format;

import io.cdctoolkit.engine.data.RowSchema;

/**
 * One registry payload format (Avro, Protobuf, JSON Schema): derives the registry schema of a row
 * schema and compiles the writer and reader for it. Implementations are stateless and thread-safe;
 * callers cache what they return per schema.
 */
public interface SchemaFormat {

    /** The schema language. */
    SchemaType type();

    /**
     * Derives the schema for rows of {@code schema}, named for {@code topic} (see {@link SchemaNames}).
     *
     * @param topic the record's topic
     * @param key   whether the rows are record keys (the top-level name ends in {@code Key})
     */
    DerivedSchema derive(String topic, boolean key, RowSchema schema);

    /** A writer for rows of {@code schema}, consistent with {@link #derive} for the same arguments. */
    PayloadWriter writer(String topic, boolean key, RowSchema schema);

    /** A reader of payloads written against {@code writerSchema} (ours or another producer's). */
    PayloadReader reader(SchemaText writerSchema);
}
