package io.cdctoolkit.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a persisted {@code mock://} scope keeps its content between processes: one JSON file with the
 * schemas by id, the subjects' versions and the compatibility levels, replaced atomically (temporary
 * file + rename) after each change, so a reader in another process ({@code tail --config}) sees either
 * the old or the new content, never half of it. Written by hand because the file is the registry's own
 * small snapshot, not a format any library defines.
 */
final class MockRegistryFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file holds. */
    record Content(Map<Integer, SchemaText> schemasById, Map<String, List<Integer>> versionsBySubject,
                   Map<String, CompatibilityLevel> levels, CompatibilityLevel globalLevel) {
    }

    private final Path file;

    MockRegistryFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The file's content, or empty when there is no file yet. */
    Optional<Content> read() {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<Integer, SchemaText> schemas = new LinkedHashMap<>();
            root.path("schemas").fields().forEachRemaining(e -> schemas.put(Integer.parseInt(e.getKey()),
                    new SchemaText(SchemaType.fromRegistryName(e.getValue().path("type").asText()),
                            e.getValue().path("schema").asText())));
            Map<String, List<Integer>> subjects = new LinkedHashMap<>();
            root.path("subjects").fields().forEachRemaining(e -> {
                List<Integer> ids = new ArrayList<>();
                e.getValue().forEach(id -> ids.add(id.asInt()));
                subjects.put(e.getKey(), ids);
            });
            Map<String, CompatibilityLevel> levels = new LinkedHashMap<>();
            root.path("levels").fields().forEachRemaining(e -> levels.put(e.getKey(),
                    CompatibilityLevel.valueOf(e.getValue().asText())));
            CompatibilityLevel global = root.hasNonNull("global_level")
                    ? CompatibilityLevel.valueOf(root.get("global_level").asText()) : CompatibilityLevel.BACKWARD;
            return Optional.of(new Content(schemas, subjects, levels, global));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the mock registry file " + file + ": "
                    + e.getClass().getSimpleName() + " (delete it to start the registry empty)", e);
        }
    }

    /** Replaces the file with {@code content}. */
    void write(Content content) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode schemas = root.putObject("schemas");
        content.schemasById().forEach((id, s) -> schemas.putObject(String.valueOf(id))
                .put("type", s.type().registryName()).put("schema", s.text()));
        ObjectNode subjects = root.putObject("subjects");
        content.versionsBySubject().forEach((subject, ids) -> {
            ArrayNode list = subjects.putArray(subject);
            ids.forEach(list::add);
        });
        ObjectNode levels = root.putObject("levels");
        content.levels().forEach((subject, level) -> levels.put(subject, level.name()));
        root.put("global_level", content.globalLevel().name());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mock registry file " + file + ": " + e.getMessage(), e);
        }
    }
}
