package io.cdctoolkit.schema.format;

import java.util.Map;
import java.util.Objects;

/**
 * A schema as a registry stores it: its language and its text (Avro JSON, a proto3 file, a JSON
 * Schema document), with the schemas its text refers to by name when the registry keeps them apart.
 * Two texts are the same schema only if they are equal as strings; registries normalise, so compare
 * ids, not texts, when a registry is involved.
 *
 * @param type       the schema language
 * @param text       the schema text
 * @param references the schemas the text refers to, by the name it uses for each (a Protobuf file's
 *                   {@code import} path, an Avro named type's full name), each with its own references —
 *                   Confluent's schema references; empty for a self-contained text (every schema cdc-toolkit
 *                   derives, and Avro read from a registry, whose references the registry client inlines)
 */
public record SchemaText(SchemaType type, String text, Map<String, SchemaText> references) {
    public SchemaText {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        references = Map.copyOf(Objects.requireNonNull(references, "references"));
    }

    /** A self-contained schema: no references. */
    public SchemaText(SchemaType type, String text) {
        this(type, text, Map.of());
    }
}
