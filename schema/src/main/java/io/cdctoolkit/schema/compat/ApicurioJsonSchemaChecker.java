package io.cdctoolkit.schema.compat;

import io.apicurio.registry.content.TypedContent;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import io.apicurio.registry.rules.compatibility.jsonschema.JsonSchemaDiffLibrary;
import io.apicurio.registry.rules.compatibility.jsonschema.diff.Difference;

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

    @Override
    SchemaText parse(SchemaText schema) {
        parser.parse(schema);
        return schema;
    }

    /**
     * The documents both versions' {@code $ref}s name, the new version's where both have one of a name — as Apicurio
     * Registry hands its checker the proposed schema's resolved references.
     */
    @Override
    List<String> readProblems(SchemaText reader, SchemaText writer) {
        Map<String, TypedContent> references = new HashMap<>();
        addReferences(URI.create(""), writer.references(), references);
        addReferences(URI.create(""), reader.references(), references);
        return JsonSchemaDiffLibrary.getIncompatibleDifferences(writer.text(), reader.text(), references).stream()
                .map(ApicurioJsonSchemaChecker::describe)
                .sorted() // Apicurio answers a set: a stable order for the user
                .toList();
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
