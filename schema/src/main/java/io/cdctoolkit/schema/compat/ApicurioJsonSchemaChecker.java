package io.cdctoolkit.schema.compat;

import io.apicurio.registry.content.TypedContent;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import io.apicurio.registry.rules.compatibility.jsonschema.JsonSchemaDiffLibrary;
import io.apicurio.registry.rules.compatibility.jsonschema.diff.Difference;

import org.json.JSONObject;
import org.json.JSONTokener;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema by Apicurio Registry's rules: its JSON Schema diff ({@link JsonSchemaDiffLibrary}, over
 * everit's model) for each pair — the earlier version "original" and the new one "updated" for BACKWARD,
 * the other way round for FORWARD, as Apicurio's checker calls it. Each problem is one of Apicurio's
 * differences: {@code #<Apicurio's path>: <DIFF_TYPE>[: <its description>]}. The text is loaded by everit first,
 * as for the Confluent rule set, so parse errors read the same.
 */
final class ApicurioJsonSchemaChecker extends PairwiseCompatibilityChecker<SchemaText> {

    private final JsonSchemaCompatibilityChecker parser = new JsonSchemaCompatibilityChecker();

    @Override
    SchemaText parse(String text) {
        return parse(new SchemaText(SchemaType.JSON_SCHEMA, text));
    }

    /**
     * Loaded by everit as the Confluent rule set loads it, and — with references — by Apicurio's own loader too, which
     * resolves them differently: a document it cannot load is refused here as Apicurio Registry refuses it.
     */
    @Override
    SchemaText parse(SchemaText schema) {
        parser.parse(schema);
        if (!schema.references().isEmpty()) {
            try {
                JsonSchemaDiffLibrary.findDifferences(schema.text(), schema.text(), references(schema, schema));
            } catch (UncheckedIOException unresolved) {
                throw new IllegalArgumentException(unresolvedByApicurio(schema.text(), unresolved), unresolved);
            }
        }
        return schema;
    }

    /**
     * Apicurio's loader resolves its references' names against the document's {@code $id} but reads the document as
     * draft 4 unless {@code $schema} names another, and draft 4's base is {@code id}: a relative {@code $ref} under a
     * {@code $id} then names no reference, and everit would fetch it (Apicurio Registry 3.3.3, measured, registers such
     * a schema as a first version and answers HTTP 500 "External JSON Schema resolution is disabled" to the next).
     */
    private static String unresolvedByApicurio(String text, UncheckedIOException unresolved) {
        String why = "Apicurio Registry's JSON Schema loader does not resolve a $ref of it to one of its references ("
                + unresolved.getCause().getMessage() + "; Apicurio Registry's compatibility rules answer it HTTP 500"
                + " \"External JSON Schema resolution is disabled\")";
        if (new JSONTokener(text).nextValue() instanceof JSONObject json && json.has("$id") && !json.has("$schema")) {
            why += ": without \"$schema\" it reads the document as draft 4, where \"$id\" is no base for $refs — add"
                    + " \"$schema\": \"http://json-schema.org/draft-07/schema#\"";
        }
        return why;
    }

    /**
     * The documents both versions' {@code $ref}s name, the new version's where both have one of a name — as Apicurio
     * Registry hands its checker the proposed schema's resolved references.
     */
    @Override
    List<String> readProblems(SchemaText reader, SchemaText writer) {
        return JsonSchemaDiffLibrary.getIncompatibleDifferences(writer.text(), reader.text(), references(reader, writer)).stream()
                .map(ApicurioJsonSchemaChecker::describe)
                .sorted() // Apicurio answers a set: a stable order for the user
                .toList();
    }

    private static Map<String, TypedContent> references(SchemaText reader, SchemaText writer) {
        Map<String, TypedContent> references = new HashMap<>();
        addReferences(URI.create(""), writer.references(), references);
        addReferences(URI.create(""), reader.references(), references);
        return references;
    }

    /** Keyed by the URI each name resolves to from the document naming it, as the Confluent rule set loads them. */
    private static void addReferences(URI base, Map<String, SchemaText> references, Map<String, TypedContent> into) {
        references.forEach((name, referenced) -> {
            URI uri = base.resolve(name);
            into.put(uri.toString(), TypedContent.create(referenced.text(), "application/json"));
            addReferences(uri, referenced.references(), into);
        });
    }

    private static String describe(Difference difference) {
        String path = difference.getPathUpdated() != null ? difference.getPathUpdated() : difference.getPathOriginal();
        // Apicurio's paths are JSON pointers into its model ("/properties/note"); ours are fragments ("#/…").
        path = path == null || path.isEmpty() ? "#/" : path.startsWith("/") ? "#" + path : "#/" + path;
        String type = difference.getDiffType().name();
        String description = difference.getDiffType().getDescription();
        return path + ": " + type + (description == null || description.equals(type) ? "" : ": " + description);
    }
}
