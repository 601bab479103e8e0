package io.cdctoolkit.schema.format;

import java.util.Objects;

/**
 * A schema as a registry stores it: its language and its text (Avro JSON, a proto3 file, a JSON
 * Schema document). Two texts are the same schema only if they are equal as strings; registries
 * normalise, so compare ids, not texts, when a registry is involved.
 *
 * @param type the schema language
 * @param text the schema text
 */
public record SchemaText(SchemaType type, String text) {
    public SchemaText {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }
}
