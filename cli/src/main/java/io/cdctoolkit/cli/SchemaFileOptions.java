package io.cdctoolkit.cli;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a schema file's references come from: a {@code .proto} file's imports from folders ({@code --proto-path},
 * {@link LocalProtoImports}), an Avro schema's named types from files ({@code --reference}, {@link AvroReferenceFiles}),
 * a JSON Schema's {@code $ref}s to other documents beside it or, by their {@code $id}, from files ({@code --reference},
 * {@link LocalJsonSchemaRefs}).
 */
final class SchemaFileOptions {

    @CommandLine.Option(names = "--proto-path", paramLabel = "DIR",
            description = {"A folder a .proto file's imports are read from, as protoc's -I (repeatable); the schema"
                    + " file's own folder is read first.",
                    "The imported files go with the schema as its references, under subjects named as their import"
                            + " paths (as Confluent's and Apicurio's serializers register them)."})
    List<Path> protoPaths = new ArrayList<>();

    @CommandLine.Option(names = "--reference", paramLabel = "FILE",
            description = {"Avro: a file defining a named type (record, enum, fixed) the schema uses (repeatable; each"
                    + " file may use the types of the files before it). JSON Schema: a document an absolute $ref names"
                    + " by its $id (a $ref to a file beside the schema needs none).",
                    "The files go with the schema as its references, under subjects named as the types' full names"
                            + " (Avro) or as the $refs (JSON Schema)."})
    List<Path> references = new ArrayList<>();

    /** The Avro {@code --reference} files, read once for the schema and each earlier version. */
    private AvroReferenceFiles avroReferenceFiles;

    /**
     * {@code file} as a schema of {@code type}, with its references; {@code unresolvedUri} is told of each JSON Schema
     * {@code $ref} to an absolute URI no {@code --reference} file has ({@code "URI" in FILE}).
     */
    SchemaText read(Path file, SchemaType type, Consumer<String> unresolvedUri) throws UsageProblem {
        if (!references.isEmpty() && type == SchemaType.PROTOBUF) {
            throw new UsageProblem("--reference names files of Avro named types or JSON Schema documents; " + file
                    + " is a PROTOBUF schema (its references are its imports, read from its folder and --proto-path)");
        }
        SchemaText schema = SchemaFiles.read(file, type);
        return switch (type) {
            case PROTOBUF -> LocalProtoImports.withImports(file, schema, protoPaths);
            case AVRO -> references.isEmpty() ? schema : avroReferenceFiles().around(schema);
            case JSON_SCHEMA -> LocalJsonSchemaRefs.withReferences(file, schema, references, unresolvedUri);
        };
    }

    private AvroReferenceFiles avroReferenceFiles() throws UsageProblem {
        if (avroReferenceFiles == null) avroReferenceFiles = AvroReferenceFiles.read(references);
        return avroReferenceFiles;
    }
}
