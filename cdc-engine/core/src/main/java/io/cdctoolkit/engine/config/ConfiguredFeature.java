package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.Options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One enabled {@code cdc_features} block of a source whose stage a {@link FeatureFactory} makes
 * ({@code encryption}, {@code deduplication}), with its validated options: what {@code run} creates the stage from,
 * and what {@code check}, {@code topics} and {@code schema derive} ask about its shapes without creating it.
 *
 * @param name    the feature, the key of its block under {@code cdc_features}
 * @param factory its factory
 * @param options its block, validated ({@link FeatureFactory#validate} found nothing)
 */
public record ConfiguredFeature(String name, FeatureFactory factory, Options options) {

    /**
     * The source's enabled stage features, in stage order (encryption → deduplication). A block that is not a
     * mapping, a feature this build lacks and invalid options are errors at the block's key path, never ignored.
     */
    public static List<ConfiguredFeature> of(ComponentCatalog catalog, SourceDefinition source)
            throws ConfigException {
        List<ConfiguredFeature> features = new ArrayList<>();
        for (String feature : SourceReader.STAGE_FEATURES) {
            if (!source.cdcFeatures().containsKey(feature)) continue;
            String keyPath = source.configKeyPath() + "." + SourceReader.CDC_FEATURES_KEY + "." + feature;
            Object block = source.cdcFeatures().get(feature);
            if (block != null && !(block instanceof Map<?, ?>)) {
                throw new ConfigException(keyPath, "expected a mapping, e.g. { enabled: true, ... }, got " + block,
                        null);
            }
            Object enabled = block == null ? null : ((Map<?, ?>) block).get(FeatureFactory.ENABLED.name());
            if (Boolean.FALSE.equals(enabled) || "false".equals(String.valueOf(enabled))) continue;
            FeatureFactory factory = catalog.feature(feature).orElseThrow(() -> new ConfigException(keyPath,
                    "the " + feature + " stage is not available in this build", "remove it or set enabled: false"));
            @SuppressWarnings("unchecked")
            Map<String, ?> raw = block == null ? Map.of() : (Map<String, ?>) block;
            Options options = Options.of(keyPath, factory.spec().options(), raw);
            if (!options.bool(FeatureFactory.ENABLED.name())) continue;
            List<ConfigProblem> problems = factory.validate(options);
            if (!problems.isEmpty()) throw new ConfigException(problems);
            features.add(new ConfiguredFeature(feature, factory, options));
        }
        return List.copyOf(features);
    }
}
