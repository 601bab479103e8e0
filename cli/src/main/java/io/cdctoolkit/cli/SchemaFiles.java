package io.cdctoolkit.cli;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reading schema files given on the command line: their type from {@code --type} or the extension. */
final class SchemaFiles {

    private SchemaFiles() {
    }

    /** {@code --type} if given, else the file's extension (.avsc, .proto, .json). */
    static SchemaType type(String typeOption, Path file) throws UsageProblem {
        if (typeOption != null) {
            try {
                return SchemaType.fromFormatName(typeOption);
            } catch (IllegalArgumentException e) {
                throw new UsageProblem("--type " + typeOption + ": expected avro, protobuf or json");
            }
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avsc")) return SchemaType.AVRO;
        if (name.endsWith(".proto")) return SchemaType.PROTOBUF;
        if (name.endsWith(".json")) return SchemaType.JSON_SCHEMA;
        throw new UsageProblem("cannot tell the schema type of " + file
                + " from its extension (.avsc, .proto, .json): give --type avro|protobuf|json");
    }

    /**
     * AWS Glue keeps each schema as one self-contained definition: a schema with references (a {@code .proto} file
     * importing others beyond the well-known ones, an Avro schema given {@code --reference} files, a JSON Schema
     * whose {@code $ref}s name other files) cannot be registered or judged there.
     */
    static void refuseReferencesInGlue(Path file, SchemaText schema) throws UsageProblem {
        if (schema.references().isEmpty()) return;
        String uses = switch (schema.type()) {
            case PROTOBUF -> " imports ";
            case AVRO -> " uses the types of ";
            case JSON_SCHEMA -> " refers ($ref) to ";
        };
        throw new UsageProblem(file + uses
                + String.join(", ", new java.util.TreeSet<>(schema.references().keySet()))
                + ": AWS Glue has no schema references (a definition is one self-contained file); put them into the"
                + " file, or use a Confluent-compatible registry");
    }

    /**
     * The file's text as a schema of {@code type}. An empty (or blank) file is refused: it is a valid
     * Protobuf file, so without this a failed {@code schema derive > new.proto} would be checked as a
     * schema that removed every message.
     */
    static SchemaText read(Path file, SchemaType type) throws UsageProblem {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) throw new UsageProblem(file + " is empty: expected a " + type.registryName() + " schema");
            return new SchemaText(type, text);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageProblem("cannot read " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageProblem("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageProblem("cannot read " + file + ": " + e.getMessage());
        }
    }
}
