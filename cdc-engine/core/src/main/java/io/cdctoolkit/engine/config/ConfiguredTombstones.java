package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.stage.TombstoneSettings;

import java.util.Map;
import java.util.Optional;

/**
 * A source's {@code cdc_features.tombstones} block, read once for {@code run} (the tombstone stage) and
 * {@code check} (its review against the tables).
 *
 * @param keyPath  where the block is, e.g. {@code sources.pg.config.cdc_features.tombstones}
 * @param settings its settings
 */
public record ConfiguredTombstones(String keyPath, TombstoneSettings settings) {

    /** The block's name under {@code cdc_features}. */
    public static final String NAME = SourceReader.TOMBSTONES;

    /** The source's tombstones block, when it has one. */
    public static Optional<ConfiguredTombstones> of(SourceDefinition source) throws ConfigException {
        if (!source.cdcFeatures().containsKey(NAME)) return Optional.empty();
        String keyPath = source.configKeyPath() + "." + SourceReader.CDC_FEATURES_KEY + "." + NAME;
        Object block = source.cdcFeatures().get(NAME);
        if (block != null && !(block instanceof Map<?, ?>)) {
            throw new ConfigException(keyPath, "expected a mapping, e.g. { enabled: true }, got " + block, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> options = (Map<String, ?>) block;
        return Optional.of(new ConfiguredTombstones(keyPath,
                TombstoneSettings.from(Options.of(keyPath, TombstoneSettings.OPTIONS, options))));
    }
}
