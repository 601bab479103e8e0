package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Avro schema text with the named types it uses from its references (Confluent's Avro schema references: each
 * named by the type's full name): one parser takes each reference's own references first, then the reference, then
 * the schema, so every name is defined before its use, each once.
 */
final class AvroTexts {

    private AvroTexts() {
    }

    /** The schema, its references' types resolved; a parse error names the reference it is in. */
    static Schema parse(SchemaText schema) {
        Schema.Parser parser = new Schema.Parser();
        addReferences(parser, schema.references(), new HashSet<>());
        return parser.parse(schema.text());
    }

    private static void addReferences(Schema.Parser parser, Map<String, SchemaText> references, Set<String> parsed) {
        List<String> names = new ArrayList<>(references.keySet());
        names.sort(null);
        for (String name : names) {
            if (!parsed.add(name)) continue;
            SchemaText reference = references.get(name);
            addReferences(parser, reference.references(), parsed);
            try {
                parser.parse(reference.text());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("reference " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
