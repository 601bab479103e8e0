package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents a JSON Schema file's {@code $ref}s name by a relative path ({@code "money.json"},
 * {@code "common/money.json#/definitions/Cents"}), read beside the file naming them, and theirs in turn. They become
 * the schema's references by the path as written (without the fragment), as Confluent's JSON Schema references name
 * them. A {@code $ref} within the document ({@code "#/…"}) or to an absolute URI is not a file here.
 */
final class LocalJsonSchemaRefs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path schemaFile;
    private final Map<Path, SchemaText> read = new HashMap<>();
    /** The files being read, outermost first: a reference among them is a cycle. */
    private final List<Path> reading = new ArrayList<>();

    private LocalJsonSchemaRefs(Path schemaFile) {
        this.schemaFile = schemaFile;
    }

    /**
     * {@code schema} (the text of {@code file}) with the documents its {@code $ref}s name as references. A text that is
     * not JSON comes back as it was, for the caller to report as it reports any invalid schema.
     */
    static SchemaText withReferences(Path file, SchemaText schema) throws UsageProblem {
        JsonNode json;
        try {
            json = JSON.readTree(schema.text());
        } catch (IOException invalid) {
            return schema;
        }
        Path absolute = file.toAbsolutePath().normalize();
        LocalJsonSchemaRefs refs = new LocalJsonSchemaRefs(file);
        refs.reading.add(absolute);
        return refs.resolve(absolute, schema.text(), json);
    }

    private SchemaText resolve(Path file, String text, JsonNode json) throws UsageProblem {
        Map<String, SchemaText> references = new LinkedHashMap<>();
        for (String document : documents(json)) {
            // everit resolves such a $ref to another document, also under an $id naming this one (it then fetches it)
            if (file.getParent().resolve(document).normalize().equals(file)) {
                throw new UsageProblem(file + ": a $ref to \"" + document + "\" names the file it is in, which a"
                        + " registry knows by no file name: write \"#…\" instead of \"" + document + "#…\" for a part of"
                        + " the same document");
            }
            references.put(document, referenced(file, document));
        }
        return new SchemaText(SchemaType.JSON_SCHEMA, text, references);
    }

    private SchemaText referenced(Path referrer, String document) throws UsageProblem {
        Path found = referrer.getParent().resolve(document).normalize();
        SchemaText done = read.get(found);
        if (done != null) return done;
        if (reading.contains(found)) {
            throw new UsageProblem(schemaFile + ": the $refs go round in a cycle (" + String.join(" -> ",
                    reading.stream().map(Path::toString).toList()) + " -> " + found + "), which a registry's references"
                    + " cannot hold");
        }
        String text;
        JsonNode json;
        try {
            text = Files.readString(found, StandardCharsets.UTF_8);
            json = JSON.readTree(text);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageProblem(schemaFile + ": $ref \"" + document + "\" (in " + referrer + ") names " + found
                    + ", which does not exist");
        } catch (IOException e) {
            throw new UsageProblem("cannot read " + found + " ($ref \"" + document + "\" in " + referrer + "): "
                    + e.getMessage());
        }
        reading.add(found);
        SchemaText schema = resolve(found, text, json);
        reading.remove(reading.size() - 1);
        read.put(found, schema);
        return schema;
    }

    /** The relative document paths of the {@code $ref}s anywhere in {@code json}, each once, in document order. */
    private static Set<String> documents(JsonNode json) {
        Set<String> documents = new LinkedHashSet<>();
        collect(json, documents);
        return documents;
    }

    private static void collect(JsonNode node, Set<String> documents) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String document = documentOf(ref.asText());
                if (document != null) documents.add(document);
            }
        }
        node.forEach(child -> collect(child, documents));
    }

    /** The path part of a relative {@code $ref}; null within the document, for an absolute URI or an unparsable one. */
    private static String documentOf(String ref) {
        int hash = ref.indexOf('#');
        String document = hash < 0 ? ref : ref.substring(0, hash);
        if (document.isEmpty()) return null;
        try {
            return new URI(document).isAbsolute() ? null : document;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
