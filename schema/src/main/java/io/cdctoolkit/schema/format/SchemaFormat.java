package io.cdctoolkit.schema.format;

import io.cdctoolkit.engine.data.RowSchema;

import java.util.List;

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

    /**
     * Whether a derived schema depends on the subject's previous version ({@link #derive(String, boolean, RowSchema,
     * SchemaText)}): Protobuf keeps each field's number across versions; Avro and JSON Schema name fields, so their
     * schemas are a function of the row schema alone.
     */
    default boolean followsPreviousVersion() {
        return false;
    }

    /**
     * Derives the schema for rows of {@code schema} as the next version of a subject whose latest version is
     * {@code previous} (a schema of this format, ours or another producer's). By default the same as
     * {@link #derive(String, boolean, RowSchema)}.
     *
     * @throws IllegalArgumentException when {@code previous} cannot be read as a schema of this format
     */
    default DerivedSchema derive(String topic, boolean key, RowSchema schema, SchemaText previous) {
        return derive(topic, key, schema);
    }

    /**
     * Whether two texts of this format are the same schema (a registry may give back a text it reformatted). By
     * default the same text.
     */
    default boolean sameSchema(SchemaText a, SchemaText b) {
        return a.equals(b);
    }

    /**
     * A writer for rows of {@code schema} under {@code derived}, a schema this format derived for it (with or without
     * a previous version). By default the same as {@link #writer(String, boolean, RowSchema)}.
     */
    default PayloadWriter writer(String topic, boolean key, RowSchema schema, DerivedSchema derived) {
        return writer(topic, key, schema);
    }

    /** A reader of payloads written against {@code writerSchema} (ours or another producer's). */
    PayloadReader reader(SchemaText writerSchema);

    /**
     * Whether some values a row schema allows cannot be written in this format ({@link #unwritableValues} names
     * where), so that {@code check} looks at the tables for them. False by default.
     */
    default boolean refusesValuesItsSchemasAllow() {
        return false;
    }

    /**
     * The fields of {@code schema} that may hold a value the schema allows and this format cannot write, for
     * {@code check}: a row holding one goes to {@code on_error}. None by default.
     */
    default List<UnwritableValue> unwritableValues(RowSchema schema) {
        return List.of();
    }
}
