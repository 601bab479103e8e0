package io.cdctoolkit.schema.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Schema;

import java.util.HashSet;
import java.util.Set;

/**
 * Turns an Avro schema with Confluent schema references ({@code "references": [{"name", "subject",
 * "version"}]}) into one self-contained schema text. Apicurio's Avro serializer registers every nested
 * record and enum as a separate artifact and the schema itself as {@code "type": "Status"} plus a
 * reference, so its records cannot be read without them.
 *
 * <p>Avro's own parser does the resolution: the referenced schemas (depth first, each once) are parsed
 * into one {@link Schema.Parser} before the schema that names them, and {@link Schema#toString()}
 * writes each named type in full at its first use — the same idea as Confluent's
 * {@code AvroSchema.resolvedReferences}. Only the fetching is written here.
 */
final class AvroReferences {

    /** Fetches one subject version's answer ({@code schema}, {@code references}). */
    interface Versions {
        JsonNode version(String subject, int version);
    }

    private AvroReferences() {
    }

    /**
     * The schema with its references inlined; a schema without references, or not Avro, is returned
     * unchanged (Protobuf and JSON Schema readers report an unresolved import or {@code $ref} themselves).
     */
    static SchemaText inline(SchemaText schema, JsonNode references, Versions versions) {
        if (schema.type() != SchemaType.AVRO || !references.isArray() || references.isEmpty()) return schema;
        // Defaults do not matter for reading with the writer's schema (as AvroFormat.reader).
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
        parseReferences(parser, references, versions, new HashSet<>());
        return new SchemaText(SchemaType.AVRO, parser.parse(schema.text()).toString());
    }

    private static void parseReferences(Schema.Parser parser, JsonNode references, Versions versions, Set<String> parsed) {
        for (JsonNode reference : references) {
            String subject = reference.path("subject").asText(null);
            JsonNode version = reference.get("version");
            if (subject == null || version == null || !version.canConvertToInt()) {
                throw new IllegalStateException("schema reference without subject and version: " + reference);
            }
            if (!parsed.add(subject + "\u0000" + version.asInt())) continue;
            JsonNode answer = versions.version(subject, version.asInt());
            parseReferences(parser, answer.path("references"), versions, parsed);
            JsonNode text = answer.get("schema");
            if (text == null || !text.isTextual()) {
                throw new IllegalStateException("referenced schema " + subject + " version " + version + " has no text: " + answer);
            }
            parser.parse(text.asText());
        }
    }
}
