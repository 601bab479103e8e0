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
import java.util.function.Consumer;

/**
 * The documents a JSON Schema file's {@code $ref}s name, and theirs in turn: by a relative path ({@code "money.json"},
 * {@code "common/money.json#/definitions/Cents"}) read beside the file naming them; by an absolute URI
 * ({@code "https://shop.example/schemas/money.json"}) read from the {@code --reference} file whose {@code $id} it is.
 * They become the schema's references by the {@code $ref} as written (without the fragment), as Confluent's JSON
 * Schema references name them. A {@code $ref} within the document ({@code "#/…"}) is not a file, nor one to an absolute
 * URI no {@code --reference} file has as its {@code $id} (left as it is: everit fetches it).
 */
final class LocalJsonSchemaRefs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path schemaFile;
    /** The {@code --reference} files by their {@code $id}, without a fragment. */
    private final Map<URI, Path> filesById;
    /** Told of each {@code $ref} to an absolute URI no {@code --reference} file has: everit fetches it. */
    private final Consumer<String> unresolvedUri;
    private final Map<Path, SchemaText> read = new HashMap<>();
    /** The files being read, outermost first: a reference among them is a cycle. */
    private final List<Path> reading = new ArrayList<>();

    private LocalJsonSchemaRefs(Path schemaFile, Map<URI, Path> filesById, Consumer<String> unresolvedUri) {
        this.schemaFile = schemaFile;
        this.filesById = filesById;
        this.unresolvedUri = unresolvedUri;
    }

    /**
     * {@code schema} (the text of {@code file}) with the documents its {@code $ref}s name as references, those named
     * by an absolute URI from {@code referenceFiles}; {@code unresolvedUri} is told of each {@code $ref} (as
     * {@code "URI" in FILE}) to an absolute URI none of them has. A text that is not JSON comes back as it was, for
     * the caller to report as it reports any invalid schema.
     */
    static SchemaText withReferences(Path file, SchemaText schema, List<Path> referenceFiles,
                                     Consumer<String> unresolvedUri) throws UsageProblem {
        JsonNode json;
        try {
            json = JSON.readTree(schema.text());
        } catch (IOException invalid) {
            return schema;
        }
        Path absolute = file.toAbsolutePath().normalize();
        LocalJsonSchemaRefs refs = new LocalJsonSchemaRefs(file, byId(referenceFiles), unresolvedUri);
        refs.reading.add(absolute);
        return refs.resolve(absolute, schema.text(), json);
    }

    /** Each {@code --reference} file by its absolute {@code $id}, which an absolute {@code $ref} names. */
    private static Map<URI, Path> byId(List<Path> referenceFiles) throws UsageProblem {
        Map<URI, Path> byId = new LinkedHashMap<>();
        for (Path file : referenceFiles) {
            JsonNode json;
            try {
                json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageProblem("cannot read --reference " + file + " as a JSON Schema: " + e.getMessage());
            }
            URI id = idOf(json);
            if (id == null || !id.isAbsolute()) {
                throw new UsageProblem("--reference " + file + " has no absolute \"$id\": a JSON Schema reference file is"
                        + " the document an absolute $ref names by its $id (a $ref to a file beside the schema needs no"
                        + " --reference)");
            }
            Path earlier = byId.put(withoutFragment(id), file.toAbsolutePath().normalize());
            if (earlier != null) {
                throw new UsageProblem("--reference " + file + " has the \"$id\" " + id + " of " + earlier + " too");
            }
        }
        return byId;
    }

    private SchemaText resolve(Path file, String text, JsonNode json) throws UsageProblem {
        Map<String, SchemaText> references = new LinkedHashMap<>();
        URI id = idOf(json);
        for (String document : documents(json)) {
            Path found = located(file, id, document);
            if (found == null) { // an absolute URI of no --reference file: left to everit, which fetches it
                unresolvedUri.accept("\"" + document + "\" in " + file);
                continue;
            }
            // everit resolves such a $ref to another document, also under an $id naming this one (it then fetches it)
            if (found.equals(file)) {
                throw new UsageProblem(file + ": a $ref to \"" + document + "\" names the file it is in, which a"
                        + " registry knows by no file name: write \"#…\" instead of \"" + document + "#…\" for a part of"
                        + " the same document");
            }
            references.put(document, referenced(file, document, found));
        }
        return new SchemaText(SchemaType.JSON_SCHEMA, text, references);
    }

    /**
     * The file {@code document} names: the {@code --reference} file whose {@code $id} it resolves to (against the
     * document's own {@code $id}, as everit resolves it), else for a relative one the file beside {@code referrer};
     * null for an absolute URI no file has.
     */
    private Path located(Path referrer, URI id, String document) {
        URI uri = URI.create(document);
        URI resolved = id != null ? id.resolve(uri) : uri;
        Path byId = filesById.get(withoutFragment(resolved));
        if (byId != null) return byId;
        return uri.isAbsolute() ? null : referrer.getParent().resolve(document).normalize();
    }

    private SchemaText referenced(Path referrer, String document, Path found) throws UsageProblem {
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

    /** The document's {@code $id} (or draft 4's {@code id}) when it is a URI: the base its {@code $ref}s resolve against. */
    private static URI idOf(JsonNode json) {
        JsonNode id = json.has("$id") ? json.get("$id") : json.get("id");
        if (id == null || !id.isTextual()) return null;
        try {
            return new URI(id.asText());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static URI withoutFragment(URI uri) {
        try {
            return new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    /** The document parts of the {@code $ref}s anywhere in {@code json} naming another document, each once, in order. */
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

    /** The part of a {@code $ref} before its fragment; null within the document or for an unparsable one. */
    private static String documentOf(String ref) {
        int hash = ref.indexOf('#');
        String document = hash < 0 ? ref : ref.substring(0, hash);
        if (document.isEmpty()) return null;
        try {
            new URI(document);
            return document;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
