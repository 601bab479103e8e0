package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads a config file: parses the YAML, substitutes {@code ${VAR}}, {@code ${VAR:-default}} and
 * {@code ${file:/path}}, and checks every block against the specs of the components in the catalog.
 * Every problem found is reported at once, each with file, line, column and key path:
 * <pre>
 * examples/bad.yaml:7:5: sources.gen.config.evnets_per_second: unknown key 'evnets_per_second' (did you mean events_per_second)
 * </pre>
 *
 * <p>Thread-safe: it keeps no state between loads.
 */
public final class ConfigLoader {

    /** The keys of the top level. */
    static final List<String> TOP_LEVEL = List.of("version", "state_dir", "schema_registry", "sources", "sinks",
            "pipelines", "http");

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}; relative {@code ${file:…}} paths start at the file's directory.
     *
     * @param env the variables for substitution, normally {@code System.getenv()}
     * @throws ConfigException with every problem found
     */
    public static ToolkitConfig load(Path file, ComponentCatalog catalog, Map<String, String> env)
            throws ConfigException {
        return load(file, catalog, env, ConfigScope.WHOLE);
    }

    /**
     * Loads the parts of {@code file} a command reads: a placeholder that cannot be substituted elsewhere is left as
     * written, unchecked (see {@link ConfigScope}). Only those parts may be used.
     *
     * @throws ConfigException with every problem found
     */
    public static ToolkitConfig load(Path file, ComponentCatalog catalog, Map<String, String> env, ConfigScope scope)
            throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem("", "cannot read the config file: "
                    + e.getClass().getSimpleName(), "check the path given to --config").at(file.toString(), 0, 0)));
        }
        return load(text, file.toString(), catalog, env, scope);
    }

    /**
     * Loads config text as if read from {@code fileName} (used in messages and as the base of relative
     * {@code ${file:…}} paths).
     *
     * @throws ConfigException with every problem found
     */
    public static ToolkitConfig load(String yamlText, String fileName, ComponentCatalog catalog,
                                     Map<String, String> env) throws ConfigException {
        return load(yamlText, fileName, catalog, env, ConfigScope.WHOLE);
    }

    /**
     * Loads config text as if read from {@code fileName}, for a command that reads only {@code scope}'s parts.
     *
     * @throws ConfigException with every problem found
     */
    public static ToolkitConfig load(String yamlText, String fileName, ComponentCatalog catalog,
                                     Map<String, String> env, ConfigScope scope) throws ConfigException {
        Problems problems = new Problems();
        YamlReader.Parsed parsed = YamlReader.parse(yamlText, problems);
        if (parsed.root() == null) throw located(problems, parsed.locations(), fileName);

        Path file = Path.of(fileName);
        Path baseDir = file.toAbsolutePath().getParent();
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Substitutor(env, baseDir, scope)
                .apply(parsed.root(), "", problems);

        ToolkitConfig config = read(root, file, baseDir, catalog, problems);
        if (!problems.isEmpty()) throw located(problems, parsed.locations(), fileName);
        return config;
    }

    private static ToolkitConfig read(Map<String, Object> root, Path file, Path baseDir, ComponentCatalog catalog,
                                      Problems problems) {
        for (String key : root.keySet()) {
            if (key.equals("broker")) {
                problems.add("broker", "the rivven broker block is not supported", SinkReader.USE_KAFKA);
            } else if (!TOP_LEVEL.contains(key)) {
                problems.add(OptionValidator.unknownKey(key, key, TOP_LEVEL));
            }
        }
        String version = problems.string("version", root.get("version"));
        if (version == null) {
            version = ToolkitConfig.VERSION;
        } else if (!version.equals(ToolkitConfig.VERSION)) {
            problems.add("version", "version '" + version + "' is not supported", "write version: \"1.0\"");
        }
        Path stateDir = baseDir.resolve(stateDir(problems.string("state_dir", root.get("state_dir")), problems))
                .normalize();
        RegistryDefinition registry = new RegistryReader(catalog, problems).read(root.get("schema_registry"));

        Map<String, Object> sourceSection = problems.mapping("sources", root.get("sources"));
        Map<String, Object> sinkSection = problems.mapping("sinks", root.get("sinks"));
        if (sourceSection.isEmpty()) {
            problems.add("sources", "no sources are defined",
                    "add one, e.g. sources: { gen: { connector: datagen, config: { pattern: orders } } }");
        }
        if (sinkSection.isEmpty() && !root.containsKey("broker")) {
            problems.add("sinks", "no sinks are defined", "add one, e.g. sinks: { out: { connector: stdout } }");
        }
        Map<String, SourceDefinition> sources = new SourceReader(catalog, problems).read(sourceSection);
        Map<String, SinkDefinition> sinks = new SinkReader(catalog, problems).read(sinkSection);
        Map<String, PipelineDefinition> pipelines = new PipelineReader(catalog, problems)
                .read(root.get("pipelines"), sourceSection.keySet(), sinkSection.keySet());
        return new ToolkitConfig(file, version, stateDir, registry, sources, sinks, pipelines, http(root, problems));
    }

    /** The {@code http} block, or null when absent (no endpoint). */
    private static HttpSettings http(Map<String, Object> root, Problems problems) {
        if (!root.containsKey("http")) return null;
        Map<String, Object> block = problems.mapping("http", root.get("http"));
        try {
            return HttpSettings.of(block);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /**
     * {@code state_dir} as written (the default when absent); the caller resolves it against the config
     * file's folder, so the state is the same whichever working directory {@code run} starts in.
     */
    private static Path stateDir(String value, Problems problems) {
        if (value == null) return ToolkitConfig.DEFAULT_STATE_DIR;
        try {
            if (!value.isBlank()) return Path.of(value);
            problems.add("state_dir", "must not be empty", "remove it to use " + ToolkitConfig.DEFAULT_STATE_DIR);
        } catch (InvalidPathException e) {
            problems.add("state_dir", "is not a valid path: " + e.getReason(), null);
        }
        return ToolkitConfig.DEFAULT_STATE_DIR;
    }

    private static ConfigException located(Problems problems, KeyLocations locations, String fileName) {
        // in file order, like a compiler's errors; problems without a line (whole-file ones) last
        Comparator<ConfigProblem> byPlace = Comparator
                .comparingInt((ConfigProblem p) -> p.hasLine() ? p.line() : Integer.MAX_VALUE)
                .thenComparingInt(ConfigProblem::column);
        return new ConfigException(problems.all().stream().map(p -> locations.locate(p, fileName))
                .sorted(byPlace).toList());
    }
}
