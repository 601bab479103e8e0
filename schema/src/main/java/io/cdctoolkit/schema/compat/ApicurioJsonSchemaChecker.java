package io.cdctoolkit.schema.compat;

import io.apicurio.registry.rules.compatibility.jsonschema.JsonSchemaDiffLibrary;
import io.apicurio.registry.rules.compatibility.jsonschema.diff.Difference;

import java.util.List;
import java.util.Map;

/**
 * JSON Schema by Apicurio Registry's rules: its JSON Schema diff ({@link JsonSchemaDiffLibrary}, over
 * everit's model) for each pair — the earlier version "original" and the new one "updated" for BACKWARD,
 * the other way round for FORWARD, as Apicurio's checker calls it. Each problem is one of Apicurio's
 * differences: {@code #<Apicurio's path>: <DIFF_TYPE>[: <its description>]}. The text is loaded by everit first,
 * as for the Confluent rule set, so parse errors read the same.
 */
final class ApicurioJsonSchemaChecker extends PairwiseCompatibilityChecker<String> {

    private final JsonSchemaCompatibilityChecker parser = new JsonSchemaCompatibilityChecker();

    @Override
    String parse(String text) {
        parser.parse(text);
        return text;
    }

    @Override
    List<String> readProblems(String reader, String writer) {
        return JsonSchemaDiffLibrary.getIncompatibleDifferences(writer, reader, Map.of()).stream()
                .map(ApicurioJsonSchemaChecker::describe)
                .sorted() // Apicurio answers a set: a stable order for the user
                .toList();
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
