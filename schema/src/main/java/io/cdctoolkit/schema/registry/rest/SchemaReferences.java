package io.cdctoolkit.schema.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Schema;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the Confluent schema references a registry answers beside a schema ({@code "references":
 * [{"name", "subject", "version"}]}), fetching each referenced version once:
 * <ul>
 *   <li><b>Avro</b>: one self-contained text. Apicurio's Avro serializer registers every nested record
 *       and enum as a separate artifact and the schema itself as {@code "type": "Status"} plus a reference,
 *       so its records cannot be read without them. Avro's own parser does the resolution: the referenced
 *       schemas (depth first) are parsed into one {@link Schema.Parser} before the schema that names them,
 *       and {@link Schema#toString()} writes each named type in full at its first use — the same idea as
 *       Confluent's {@code AvroSchema.resolvedReferences}.</li>
 *   <li><b>Protobuf</b>: the text with its {@link SchemaText#references()}, by import path (the reference's
 *       {@code name}), each with its own. A {@code .proto} file cannot be inlined into another (each has its
 *       package and imports); the Protobuf reader builds the imported files first, as protoc would.
 *       Apicurio's and Confluent's Protobuf serializers register every imported file that is not well-known
 *       so.</li>
 *   <li><b>JSON Schema</b>: as Protobuf, the text with its references by the {@code $ref} each is named by (a
 *       document cannot be inlined into another without rewriting its {@code $ref}s); records read without the
 *       schema, but the compatibility checks load the referenced documents.</li>
 * </ul>
 * Only the fetching is written here; the parsing is Avro's and protobuf-java's.
 */
final class SchemaReferences {

    /** Fetches one subject version's answer ({@code schema}, {@code schemaType}, {@code references}). */
    interface Versions {
        JsonNode version(String subject, int version);
    }

    private SchemaReferences() {
    }

    /** {@code schema} with its {@code references} (the registry's answer's field) resolved as above. */
    static SchemaText resolve(SchemaText schema, JsonNode references, Versions versions) {
        if (!references.isArray() || references.isEmpty()) return schema;
        return switch (schema.type()) {
            case AVRO -> inlineAvro(schema, references, versions);
            case PROTOBUF, JSON_SCHEMA -> new SchemaText(schema.type(), schema.text(),
                    attached(schema.type(), references, versions, new HashMap<>(), new LinkedHashMap<>()));
        };
    }

    private static SchemaText inlineAvro(SchemaText schema, JsonNode references, Versions versions) {
        // Defaults do not matter for reading with the writer's schema (as AvroFormat.reader).
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
        parseAvroReferences(parser, references, versions, new HashSet<>());
        return new SchemaText(SchemaType.AVRO, parser.parse(schema.text()).toString());
    }

    private static void parseAvroReferences(Schema.Parser parser, JsonNode references, Versions versions, Set<String> parsed) {
        for (JsonNode reference : references) {
            Reference ref = Reference.of(reference);
            if (!parsed.add(ref.key())) continue;
            JsonNode answer = versions.version(ref.subject(), ref.version());
            parseAvroReferences(parser, answer.path("references"), versions, parsed);
            parser.parse(ref.text(answer));
        }
    }

    /**
     * The referenced schemas of {@code type}, by reference name (a Protobuf import path, a JSON Schema {@code $ref}).
     * {@code fetched} keeps each subject version's resolved schema, so a file two others refer to is fetched once;
     * {@code resolving} (the chain being fetched) turns a cycle, which no valid set of {@code .proto} files has and
     * a registry refuses, into an error instead of endless requests.
     */
    private static Map<String, SchemaText> attached(SchemaType type, JsonNode references, Versions versions,
                                                    Map<String, SchemaText> fetched, Map<String, String> resolving) {
        Map<String, SchemaText> imports = new LinkedHashMap<>();
        for (JsonNode reference : references) {
            Reference ref = Reference.of(reference);
            SchemaText file = fetched.get(ref.key());
            if (file == null) {
                if (resolving.putIfAbsent(ref.key(), ref.name()) != null) {
                    throw new IllegalStateException("schema references form a cycle: " + String.join(" → ", resolving.values())
                            + " → " + ref.name());
                }
                JsonNode answer = versions.version(ref.subject(), ref.version());
                file = new SchemaText(type, ref.text(answer),
                        attached(type, answer.path("references"), versions, fetched, resolving));
                resolving.remove(ref.key());
                fetched.put(ref.key(), file);
            }
            imports.put(ref.name(), file);
        }
        return imports;
    }

    /** One entry of a {@code references} list. */
    private record Reference(String name, String subject, int version) {
        static Reference of(JsonNode reference) {
            String subject = reference.path("subject").asText(null);
            JsonNode version = reference.get("version");
            if (subject == null || version == null || !version.canConvertToInt()) {
                throw new IllegalStateException("schema reference without subject and version: " + reference);
            }
            return new Reference(reference.path("name").asText(subject), subject, version.asInt());
        }

        String key() {
            return subject + "\u0000" + version;
        }

        String text(JsonNode answer) {
            JsonNode text = answer.get("schema");
            if (text == null || !text.isTextual()) {
                throw new IllegalStateException("referenced schema " + subject + " version " + version + " has no text: " + answer);
            }
            return text.asText();
        }
    }
}
