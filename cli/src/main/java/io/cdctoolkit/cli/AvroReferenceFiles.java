package io.cdctoolkit.cli;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro files each defining a named type another schema uses ({@code --reference}), in the order given: each may use
 * the types of the files before it. Each becomes a schema reference named by its type's full name, as Confluent's
 * Avro references and Apicurio's serializers name them; its own references are the files before it (a registry
 * resolves an unused reference as readily as a used one, and Avro has no import statement saying which are used).
 */
final class AvroReferenceFiles {

    /** The references by full name, in the order given, each with those before it. */
    private final Map<String, SchemaText> references;

    private AvroReferenceFiles(Map<String, SchemaText> references) {
        this.references = references;
    }

    /** Reads and parses the files in order; a file that does not define a named type is a usage problem. */
    static AvroReferenceFiles read(List<Path> files) throws UsageProblem {
        Schema.Parser parser = new Schema.Parser();
        Map<String, SchemaText> references = new LinkedHashMap<>();
        for (Path file : files) {
            SchemaText text = SchemaFiles.read(file, SchemaType.AVRO);
            Schema type;
            try {
                type = parser.parse(text.text());
            } catch (SchemaParseException e) {
                throw new UsageProblem(file + ": not a valid Avro schema (with the --reference files before it): "
                        + e.getMessage());
            }
            if (type.getType() != Schema.Type.RECORD && type.getType() != Schema.Type.ENUM
                    && type.getType() != Schema.Type.FIXED) {
                throw new UsageProblem(file + ": a --reference file defines a named type (record, enum or fixed); this"
                        + " one is a " + type.getType().getName());
            }
            if (references.containsKey(type.getFullName())) {
                throw new UsageProblem(file + " defines " + type.getFullName() + " again");
            }
            references.put(type.getFullName(), new SchemaText(SchemaType.AVRO, text.text(), Map.copyOf(references)));
        }
        return new AvroReferenceFiles(references);
    }

    /** {@code schema} with every file as its reference. */
    SchemaText around(SchemaText schema) {
        return new SchemaText(schema.type(), schema.text(), references);
    }
}
