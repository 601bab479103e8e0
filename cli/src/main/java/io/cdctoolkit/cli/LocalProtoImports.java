package io.cdctoolkit.cli;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.protobuf.ProtoImports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files a {@code .proto} schema file imports, read from folders as protoc reads them with {@code -I}: each import
 * path under the first folder holding it — the schema file's own folder, then each {@code --proto-path} — and their
 * imports in turn. They become the schema's references by import path, as a registry holds them; well-known imports
 * are not references (registries know them).
 */
final class LocalProtoImports {

    private final Path schemaFile;
    private final List<Path> folders;
    private final Map<String, SchemaText> read = new HashMap<>();
    /** The files being read, outermost first: an import among them is a cycle. */
    private final List<String> reading = new ArrayList<>();

    private LocalProtoImports(Path schemaFile, List<Path> folders) {
        this.schemaFile = schemaFile;
        this.folders = folders;
    }

    /**
     * {@code schema} (the text of {@code file}) with its imports as references. A text Wire cannot parse comes back
     * as it was, for the caller to report as it reports any invalid schema.
     */
    static SchemaText withImports(Path file, SchemaText schema, List<Path> protoPaths) throws UsageProblem {
        Path own = file.toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>();
        if (own != null) folders.add(own);
        folders.addAll(protoPaths);
        List<String> imports;
        try {
            imports = ProtoImports.of(file.getFileName().toString(), schema.text());
        } catch (IllegalArgumentException invalid) {
            return schema;
        }
        return new LocalProtoImports(file, List.copyOf(folders)).resolve(file.getFileName().toString(), schema.text(), imports);
    }

    private SchemaText resolve(String name, String text, List<String> imports) throws UsageProblem {
        Map<String, SchemaText> references = new LinkedHashMap<>();
        for (String path : imports) {
            if (!ProtoImports.wellKnown(path)) references.put(path, imported(name, path));
        }
        return new SchemaText(SchemaType.PROTOBUF, text, references);
    }

    private SchemaText imported(String importer, String path) throws UsageProblem {
        SchemaText done = read.get(path);
        if (done != null) return done;
        if (reading.contains(path)) {
            throw new UsageProblem(schemaFile + ": the imports go round in a cycle (" + String.join(" -> ", reading) + " -> " + path + "), which protobuf does not allow");
        }
        Path found = find(path);
        String text;
        try {
            text = Files.readString(found, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageProblem("cannot read " + found + " (imported as \"" + path + "\"): " + e.getMessage());
        }
        List<String> imports;
        try {
            imports = ProtoImports.of(path, text);
        } catch (IllegalArgumentException invalid) {
            throw new UsageProblem(found + " (imported as \"" + path + "\" by " + importer + ") is not a valid .proto"
                    + " file: " + invalid.getMessage().substring(invalid.getMessage().indexOf(": ") + 2));
        }
        reading.add(path);
        SchemaText schema = resolve(path, text, imports);
        reading.remove(reading.size() - 1);
        read.put(path, schema);
        return schema;
    }

    private Path find(String path) throws UsageProblem {
        for (Path folder : folders) {
            Path candidate = folder.resolve(path);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new UsageProblem(schemaFile + ": import \"" + path + "\" is in none of the folders imports are read from ("
                + folders.stream().map(Path::toString).collect(Collectors.joining(", ")) + "): give the folder its"
                + " path starts from with --proto-path DIR");
    }
}
