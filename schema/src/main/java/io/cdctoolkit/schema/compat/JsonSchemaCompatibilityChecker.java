package io.cdctoolkit.schema.compat;

import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONTokener;

import java.util.List;

/**
 * JSON Schema compatibility by the rules Confluent's registry applies ({@link JsonSchemaRules}). The
 * schema is loaded into everit-json-schema's model (draft-07), the model Confluent's checker also
 * walks; only the rule checking is ours.
 */
final class JsonSchemaCompatibilityChecker extends PairwiseCompatibilityChecker<Schema> {

    @Override
    Schema parse(String text) {
        Object json = new JSONTokener(text).nextValue();
        // useDefaults keeps "default" in the model: a required property with a default is compatible.
        return SchemaLoader.builder().schemaJson(json).draftV7Support().useDefaults(true).build().load().build();
    }

    @Override
    List<String> readProblems(Schema reader, Schema writer) {
        return new JsonSchemaRules().incompatibilities(writer, reader);
    }
}
