package io.cdctoolkit.schema.compat;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .proto} file as Wire parses it, with the files it imports that came as its schema references (by import
 * path, each parsed once however many files import it): Confluent's rules resolve a field's type across them. An
 * import without a reference (a well-known file) is left out; its types resolve to nothing, as before references.
 *
 * @param root     the schema's own file
 * @param imported the referenced files, transitively, by import path
 */
record ProtoFileSet(ProtoFileElement root, Map<String, ProtoFileElement> imported) {

    static final String ROOT_FILE = "schema.proto";

    ProtoFileSet {
        imported = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imported));
    }

    /** Parses {@code schema} and its references; a parse error names the imported file it is in. */
    static ProtoFileSet parse(SchemaText schema) {
        Map<String, ProtoFileElement> imported = new LinkedHashMap<>();
        ProtoFileElement root = parseFile(ROOT_FILE, schema.text());
        addReferences(schema, imported);
        return new ProtoFileSet(root, imported);
    }

    private static void addReferences(SchemaText schema, Map<String, ProtoFileElement> imported) {
        List<Map.Entry<String, SchemaText>> references = new ArrayList<>(schema.references().entrySet());
        references.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, SchemaText> reference : references) {
            if (imported.containsKey(reference.getKey())) continue;
            imported.put(reference.getKey(), parseFile(reference.getKey(), reference.getValue().text()));
            addReferences(reference.getValue(), imported);
        }
    }

    static ProtoFileElement parseFile(String name, String text) {
        try {
            return ProtoParser.Companion.parse(Location.get(name), text);
        } catch (RuntimeException e) {
            if (ROOT_FILE.equals(name)) throw e;
            throw new IllegalArgumentException("imported file " + name + ": " + e.getMessage(), e);
        }
    }
}
