package io.cdctoolkit.schema.format;

import java.util.Objects;

/**
 * What a {@link SchemaFormat} derived from one row schema: the registry text and the fully
 * qualified name of its top-level record / message / JSON Schema title (subject strategies
 * {@code record} and {@code topic_record} use it).
 *
 * @param text       the schema to register
 * @param recordName fully qualified name of the top-level type, e.g. {@code cdc.public.users.Envelope}
 */
public record DerivedSchema(SchemaText text, String recordName) {
    public DerivedSchema {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(recordName, "recordName");
    }
}
