package io.cdctoolkit.engine.config;

import java.util.Map;
import java.util.Objects;

/**
 * A {@code sinks.<name>} entry.
 *
 * @param name      the entry's key, e.g. {@code kafka}
 * @param connector the sink factory's canonical name
 * @param config    the sink's options as written (after substitution), validated against its spec
 * @param keyPath   {@code sinks.<name>}; the options are under {@code keyPath + ".config"}
 */
public record SinkDefinition(String name, String connector, Map<String, Object> config, String keyPath) {

    public SinkDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        config = ConfigMaps.copy(config);
        Objects.requireNonNull(keyPath, "keyPath");
    }

    /** Where the sink's options are, e.g. {@code sinks.kafka.config}: the key path for {@code Options.of}. */
    public String configKeyPath() {
        return keyPath + ".config";
    }
}
