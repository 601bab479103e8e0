package io.cdctoolkit.schema.compat.table;

import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Loads the compatibility rule tables of {@code src/test/resources/compat-table/<language>/}: one
 * folder per rule holding {@code v1.<ext>}, {@code v2.<ext>} (and {@code v3.<ext>} …) and an
 * {@code expected.properties} with the documented verdicts:
 * <pre>
 * description=what changes, and where the rule is documented
 * BACKWARD=compatible|incompatible
 * FORWARD=compatible|incompatible
 * # only for three or more versions (default: as the non-transitive level)
 * BACKWARD_TRANSITIVE=…
 * FORWARD_TRANSITIVE=…
 * </pre>
 * FULL is BACKWARD and FORWARD; FULL_TRANSITIVE both transitive ones; NONE is always compatible.
 * Public so that online tests (against a real registry) replay the same table: this module publishes
 * its test classes and resources as a {@code test-jar}; the loader reads the folders from a
 * directory or from inside that jar.
 */
public final class CompatibilityTable {

    /** The classpath folder holding one sub-folder per language. */
    public static final String ROOT = "compat-table";

    private CompatibilityTable() {
    }

    /** Every case of {@code type}'s table, sorted by name. */
    public static List<CompatibilityCase> load(SchemaType type) {
        String folder = ROOT + "/" + folderName(type);
        URL url = CompatibilityTable.class.getClassLoader().getResource(folder);
        if (url == null) throw new IllegalStateException("no compatibility table on the class path at " + folder);
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return load(type, fs.provider().getPath(uri));
            }
            return load(type, Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the compatibility table at " + url, e);
        }
    }

    /** Every case under {@code dir} (one sub-folder per case). */
    public static List<CompatibilityCase> load(SchemaType type, Path dir) throws IOException {
        List<CompatibilityCase> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                cases.add(loadCase(type, folder));
            }
        }
        return cases;
    }

    /** The file extension of {@code type}'s schema files in the table. */
    public static String extension(SchemaType type) {
        return switch (type) {
            case AVRO -> "avsc";
            case PROTOBUF -> "proto";
            case JSON_SCHEMA -> "json";
        };
    }

    private static String folderName(SchemaType type) {
        return switch (type) {
            case AVRO -> "avro";
            case PROTOBUF -> "protobuf";
            case JSON_SCHEMA -> "json";
        };
    }

    private static CompatibilityCase loadCase(SchemaType type, Path folder) throws IOException {
        String name = folder.getFileName().toString().replace("/", "");
        List<SchemaText> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            Path file = folder.resolve("v" + v + "." + extension(type));
            if (!Files.exists(file)) break;
            versions.add(new SchemaText(type, Files.readString(file, StandardCharsets.UTF_8)));
        }
        if (versions.size() < 2) throw new IllegalStateException(folder + ": needs v1 and v2 schema files");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        boolean backward = verdict(p, folder, "BACKWARD", null);
        boolean forward = verdict(p, folder, "FORWARD", null);
        boolean backwardTransitive = verdict(p, folder, "BACKWARD_TRANSITIVE", backward);
        boolean forwardTransitive = verdict(p, folder, "FORWARD_TRANSITIVE", forward);
        if (versions.size() == 2 && (backwardTransitive != backward || forwardTransitive != forward)) {
            throw new IllegalStateException(folder + ": with two versions, transitive levels equal the plain ones");
        }
        Map<CompatibilityLevel, Boolean> expected = new EnumMap<>(CompatibilityLevel.class);
        expected.put(CompatibilityLevel.NONE, true);
        expected.put(CompatibilityLevel.BACKWARD, backward);
        expected.put(CompatibilityLevel.FORWARD, forward);
        expected.put(CompatibilityLevel.FULL, backward && forward);
        expected.put(CompatibilityLevel.BACKWARD_TRANSITIVE, backwardTransitive);
        expected.put(CompatibilityLevel.FORWARD_TRANSITIVE, forwardTransitive);
        expected.put(CompatibilityLevel.FULL_TRANSITIVE, backwardTransitive && forwardTransitive);
        String description = p.getProperty("description");
        if (description == null) throw new IllegalStateException(folder + ": expected.properties needs a description");
        return new CompatibilityCase(name, type, description, versions, expected);
    }

    private static boolean verdict(Properties p, Path folder, String key, Boolean fallback) {
        String value = p.getProperty(key);
        if (value == null) {
            if (fallback != null) return fallback;
            throw new IllegalStateException(folder + ": expected.properties needs " + key);
        }
        return switch (value.trim()) {
            case "compatible" -> true;
            case "incompatible" -> false;
            default -> throw new UncheckedIOException(new IOException(folder + ": " + key + " must be compatible or incompatible, not " + value));
        };
    }
}
