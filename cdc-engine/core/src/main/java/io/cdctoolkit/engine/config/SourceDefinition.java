package io.cdctoolkit.engine.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code sources.<name>} entry.
 *
 * @param name        the entry's key, e.g. {@code pg}
 * @param connector   the source factory's canonical name, e.g. {@code postgres-cdc}
 * @param topic       the fallback topic ({@code topic:}), or null
 * @param config      the connector's own options as written (after substitution, rivven {@code streams:}
 *                    merged into {@code include_tables}), without {@code transforms} and
 *                    {@code cdc_features}; validated against the connector's spec
 * @param transforms  {@code config.transforms}, in order
 * @param cdcFeatures {@code config.cdc_features} ({@code encryption}, {@code deduplication},
 *                    {@code tombstones}), passed through for the stages that read them
 * @param keyPath     {@code sources.<name>}; the options are under {@code keyPath + ".config"}
 */
public record SourceDefinition(String name, String connector, String topic, Map<String, Object> config,
                               List<TransformDefinition> transforms, Map<String, Object> cdcFeatures,
                               String keyPath) {

    public SourceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        config = ConfigMaps.copy(config);
        transforms = List.copyOf(transforms);
        cdcFeatures = ConfigMaps.copy(cdcFeatures);
        Objects.requireNonNull(keyPath, "keyPath");
    }

    /** Where the connector's options are, e.g. {@code sources.pg.config}: the key path for {@code Options.of}. */
    public String configKeyPath() {
        return keyPath + ".config";
    }
}
