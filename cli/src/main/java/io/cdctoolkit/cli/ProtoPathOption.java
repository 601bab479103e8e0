package io.cdctoolkit.cli;

import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --proto-path DIR}: where a {@code .proto} schema file's imports are read from ({@link LocalProtoImports}). */
final class ProtoPathOption {

    @CommandLine.Option(names = "--proto-path", paramLabel = "DIR",
            description = {"A folder a .proto file's imports are read from, as protoc's -I (repeatable); the schema"
                    + " file's own folder is read first.",
                    "The imported files go with the schema as its references, under subjects named as their import"
                            + " paths (as Confluent's and Apicurio's serializers register them)."})
    List<Path> folders = new ArrayList<>();
}
