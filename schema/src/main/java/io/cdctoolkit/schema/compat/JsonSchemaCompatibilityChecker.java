package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema compatibility by the rules Confluent's registry applies ({@link JsonSchemaRules}). The
 * schema is loaded into everit-json-schema's model (draft-07), the model Confluent's checker also
 * walks; only the rule checking is ours.
 */
final class JsonSchemaCompatibilityChecker extends PairwiseCompatibilityChecker<Schema> {

    @Override
    Schema parse(String text) {
        return parse(new SchemaText(SchemaType.JSON_SCHEMA, text));
    }

    /**
     * The schema with the documents its {@code $ref}s name among its references, each registered with everit at the
     * URI its name resolves to from the document naming it (so a reference's own relative {@code $ref}s resolve as
     * they would beside it), none fetched.
     */
    @Override
    Schema parse(SchemaText schema) {
        Object json = new JSONTokener(schema.text()).nextValue();
        // useDefaults keeps "default" in the model: a required property with a default is compatible.
        SchemaLoader.SchemaLoaderBuilder loader = SchemaLoader.builder().schemaJson(json).draftV7Support()
                .useDefaults(true);
        registerReferences(loader, baseUri(json), schema.references());
        return loader.build().load().build();
    }

    private static void registerReferences(SchemaLoader.SchemaLoaderBuilder loader, URI base,
                                           Map<String, SchemaText> references) {
        references.forEach((name, referenced) -> {
            URI uri = base.resolve(name);
            Object json;
            try {
                json = new JSONTokener(referenced.text()).nextValue();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("reference " + name + ": " + e.getMessage(), e);
            }
            loader.registerSchemaByURI(uri, json);
            registerReferences(loader, uri, referenced.references());
        });
    }

    /** The document's {@code $id} (draft 7) or {@code id}, against which its {@code $ref}s resolve; else none. */
    private static URI baseUri(Object json) {
        if (json instanceof JSONObject object) {
            Object id = object.has("$id") ? object.get("$id") : object.opt("id");
            if (id instanceof String text) {
                try {
                    return new URI(text);
                } catch (java.net.URISyntaxException e) {
                    return URI.create("");
                }
            }
        }
        return URI.create("");
    }

    @Override
    List<String> readProblems(Schema reader, Schema writer) {
        return new JsonSchemaRules().incompatibilities(writer, reader);
    }
}
