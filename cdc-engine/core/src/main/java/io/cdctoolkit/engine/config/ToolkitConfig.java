package io.cdctoolkit.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated config file (see {@link ConfigLoader}). Every component block has been checked
 * against its factory's spec; creating components from it is the pipeline builder's job.
 *
 * @param file      the file it was read from
 * @param version   {@code version}, always {@code "1.0"}
 * @param stateDir  {@code state_dir} (default {@code ./.cdc-toolkit}) resolved against the config file's folder
 *                  (unchanged when absolute), so every working directory finds the same state
 * @param registry  {@code schema_registry} ({@link RegistryDefinition#disabled()} when absent)
 * @param sources   {@code sources}, in file order
 * @param sinks     {@code sinks}, in file order
 * @param pipelines {@code pipelines}, in file order, or the implied source → only-sink pipelines
 * @param http      {@code http}: the metrics, health and status endpoint, or null when absent (off)
 */
public record ToolkitConfig(Path file, String version, Path stateDir, RegistryDefinition registry,
                            Map<String, SourceDefinition> sources, Map<String, SinkDefinition> sinks,
                            Map<String, PipelineDefinition> pipelines, HttpSettings http) {

    /** The only {@code version} this toolkit reads. */
    public static final String VERSION = "1.0";

    /** The state directory when {@code state_dir} is absent. */
    public static final Path DEFAULT_STATE_DIR = Path.of("./.cdc-toolkit");

    /** The folder under {@code state_dir} that holds one folder per source. */
    public static final String SOURCES_STATE = "sources";

    public ToolkitConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(registry, "registry");
        sources = ConfigMaps.copy(sources);
        sinks = ConfigMaps.copy(sinks);
        pipelines = ConfigMaps.copy(pipelines);
    }

    /**
     * The state folder of the source named {@code name}: {@code <state_dir>/sources/<name>}. Offsets,
     * schema history and the lock belong to the source (like its replication slot), not to the
     * pipeline that reads it, so renaming a pipeline keeps them.
     */
    public Path sourceStateDir(String name) {
        String folder = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return stateDir.resolve(SOURCES_STATE).resolve(folder.matches("\\.*") ? "_" + folder : folder);
    }

    /** The {@code http} block, when the config has one. */
    public Optional<HttpSettings> httpSettings() {
        return Optional.ofNullable(http);
    }

    /** The source named {@code name} (a key of {@code sources}). */
    public Optional<SourceDefinition> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    /** The sink named {@code name} (a key of {@code sinks}). */
    public Optional<SinkDefinition> sink(String name) {
        return Optional.ofNullable(sinks.get(name));
    }

    /** The pipeline named {@code name}. */
    public Optional<PipelineDefinition> pipeline(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /** The pipelines {@code run} starts, in file order. */
    public List<PipelineDefinition> enabledPipelines() {
        return pipelines.values().stream().filter(PipelineDefinition::enabled).toList();
    }
}
