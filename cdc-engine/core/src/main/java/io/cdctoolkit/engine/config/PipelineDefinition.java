package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.runtime.PipelineSettings;

import java.util.List;
import java.util.Objects;

/**
 * A {@code pipelines.<name>} entry, or the pipeline implied by a config without {@code pipelines:}
 * (each source to the only sink, named after the source).
 *
 * @param name       the entry's key
 * @param source     the name of an entry of {@code sources}
 * @param sink       the name of an entry of {@code sinks}
 * @param enabled    whether {@code run} starts it (default true)
 * @param settings   {@code settings:} with defaults applied
 * @param transforms the pipeline's own {@code transforms:}, in order (after the source's)
 */
public record PipelineDefinition(String name, String source, String sink, boolean enabled,
                                 PipelineSettings settings, List<TransformDefinition> transforms) {

    public PipelineDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(settings, "settings");
        transforms = List.copyOf(transforms);
    }

    /** Where the entry is ({@code pipelines.<name>}). */
    public String keyPath() {
        return "pipelines." + name;
    }
}
