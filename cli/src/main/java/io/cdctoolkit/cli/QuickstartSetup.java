package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.crypto.tink.KeysetHandle;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code quickstart} prepares before anything starts: the encryption key (generated into the
 * config's state folder on the first run), the loaded config, and the demo database its
 * {@code postgres-cdc} source names.
 *
 * @param stateDir the config's {@code state_dir}
 * @param loaded   the config, loaded as {@code run} loads it
 * @param database where the embedded PostgreSQL must listen and which database to create
 */
record QuickstartSetup(Path stateDir, ToolkitConfig loaded, DemoDatabase database) {

    /** The key file the quickstart generates, in the state folder ({@code keyset: ${file:<state_dir>/keyset.json}}). */
    static final String KEYSET_FILE = "keyset.json";

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

    /**
     * The {@code postgres-cdc} source's database.
     *
     * @param keyPath where its options are, for messages
     */
    record DemoDatabase(String name, int port, String keyPath) {
    }

    /**
     * Generates the key if it is missing, then loads the config; null when the config has problems
     * (they were printed).
     *
     * @throws UsageProblem when the config is not one quickstart can run (no local postgres-cdc source)
     */
    static QuickstartSetup prepare(Path config, CliEnvironment env) throws UsageProblem {
        Path stateDir = rawStateDir(config);
        Path keyset = stateDir.resolve(KEYSET_FILE);
        if (!Files.exists(keyset)) {
            generateKey(keyset);
            env.err().println("quickstart: generated the encryption key " + QuickstartCommand.display(keyset)
                    + " (permissions 600; it stays out of git with the state folder)");
        }
        ConfigOption option = new ConfigOption();
        option.file = config;
        ToolkitConfig loaded = option.load(env);
        if (loaded == null) return null;
        return new QuickstartSetup(loaded.stateDir(), loaded, database(loaded, config));
    }

    /**
     * The file's {@code state_dir} before the config is loaded — loading reads the key file, which the
     * first run must create there first. A literal path (no {@code ${…}}), relative to the file's folder.
     */
    static Path rawStateDir(Path config) throws UsageProblem {
        JsonNode root;
        try {
            // An empty state_dir: is unset, as the loader reads it.
            root = new ObjectMapper(YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
                    .readTree(config.toFile());
        } catch (IOException e) {
            throw new UsageProblem("cannot read " + config + ": " + e.getMessage());
        }
        String dir = root == null || !root.hasNonNull("state_dir") ? ToolkitConfig.DEFAULT_STATE_DIR.toString()
                : root.get("state_dir").asText();
        if (dir.contains("${")) {
            throw new UsageProblem(config + ": quickstart needs a literal state_dir (it keeps the generated key there)");
        }
        Path folder = config.toAbsolutePath().getParent();
        return folder.resolve(dir).normalize();
    }

    private static void generateKey(Path keyset) throws UsageProblem {
        try {
            KeysetFile.registerTink();
            Files.createDirectories(keyset.getParent());
            KeysetFile.write(keyset, KeysetHandle.generateNew(KeysetMode.RANDOM.parameters()), false);
        } catch (GeneralSecurityException e) {
            throw new UsageProblem("Tink cannot generate a key: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            throw new UsageProblem("cannot create " + keyset.getParent() + ": " + e.getMessage());
        }
    }

    private static DemoDatabase database(ToolkitConfig loaded, Path config) throws UsageProblem {
        List<SourceDefinition> postgres = loaded.enabledPipelines().stream()
                .map(p -> loaded.source(p.source()).orElseThrow())
                .filter(s -> "postgres-cdc".equals(s.connector())).distinct().toList();
        if (postgres.size() != 1) {
            throw new UsageProblem(config + ": quickstart needs exactly one enabled pipeline from a postgres-cdc source"
                    + " (found " + postgres.size() + ")");
        }
        SourceDefinition source = postgres.get(0);
        Map<String, Object> options = source.config();
        String host = String.valueOf(options.get("host"));
        if (!LOCAL_HOSTS.contains(host)) {
            throw new UsageProblem(source.configKeyPath() + ".host is " + host + ": the embedded PostgreSQL runs on"
                    + " localhost (use run --config for a database elsewhere)");
        }
        Object port = options.getOrDefault("port", 5432);
        return new DemoDatabase(String.valueOf(options.get("database")), Integer.parseInt(String.valueOf(port)),
                source.configKeyPath());
    }

    /** The columns the source's {@code cdc_features.encryption} encrypts, as its {@code fields} name them. */
    List<String> encryptedFields() {
        SourceDefinition source = loaded.sources().values().stream()
                .filter(s -> "postgres-cdc".equals(s.connector())).findFirst().orElseThrow();
        if (source.cdcFeatures().get("encryption") instanceof Map<?, ?> block && block.get("fields") instanceof List<?> fields) {
            return fields.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
