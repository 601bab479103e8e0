package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.format.SchemaText;

/**
 * A schema version as a Confluent-compatible registry holds it under a subject.
 *
 * @param subject the subject
 * @param version the version number within the subject (1-based)
 * @param id      the global schema id written in the wire format
 * @param schema  the schema
 */
public record RegisteredSchema(String subject, int version, int id, SchemaText schema) {
}
