package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.routing.PatternProblem;
import io.cdctoolkit.engine.routing.TopicPattern;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.OptionRule;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import io.cdctoolkit.engine.stage.TombstoneSettings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code sources:}: each entry's {@code connector}, {@code topic}, {@code config} (with
 * {@code transforms} and {@code cdc_features} taken out and read separately) and rivven's
 * {@code streams:} list, which becomes {@code include_tables}.
 */
final class SourceReader {

    static final List<String> ENTRY_KEYS = List.of("connector", "topic", "config", "streams");
    static final List<String> STREAM_KEYS = List.of("name", "namespace", "sync_mode", "cursor_field");
    static final List<String> SYNC_MODES = List.of("full_refresh", "incremental");
    /** The blocks of {@code cdc_features}; their contents belong to the stages that read them. */
    static final List<String> CDC_FEATURES = List.of("encryption", "deduplication", "tombstones", "column_filters");
    /** The {@code cdc_features} whose stages come from a {@link FeatureFactory}, in stage order. */
    static final List<String> STAGE_FEATURES = List.of("encryption", "deduplication");

    /** {@code cdc_features.column_filters}: the reader applies it, so it joins the connector's options. */
    static final String COLUMN_FILTERS = "column_filters";
    static final String TRANSFORMS = "transforms";
    static final String TOMBSTONES = "tombstones";
    static final String CDC_FEATURES_KEY = "cdc_features";
    static final String INCLUDE_TABLES = "include_tables";

    /** Options every source's {@code config} takes besides its connector's own (for "did you mean"). */
    static final List<OptionSpec> COMMON_OPTIONS = List.of(
            OptionSpec.objectList(TRANSFORMS)
                    .doc("Single-message transforms, applied in order (docs/transforms.md)").build(),
            OptionSpec.map(CDC_FEATURES_KEY)
                    .doc("encryption, deduplication, tombstones, column_filters (docs/cdc-features.md)").build());

    private final ComponentCatalog catalog;
    private final Problems problems;
    private final TransformReader transforms;

    SourceReader(ComponentCatalog catalog, Problems problems) {
        this.catalog = catalog;
        this.problems = problems;
        this.transforms = new TransformReader(catalog, problems);
    }

    /** The sources, in file order; entries whose connector is unknown are left out. */
    Map<String, SourceDefinition> read(Object section) {
        return ConfigMaps.readEach(problems.mapping("sources", section), this::entry);
    }

    /**
     * A source's {@code topic}: a pattern with {@code {schema}}/{@code {table}} placeholders for a source that
     * routes per table, else a topic name as it is; either way what Kafka would refuse is a config error.
     */
    private void checkTopic(String path, String topic, SourceFactory factory) {
        if (factory instanceof TopicRoutedSource) {
            for (PatternProblem p : TopicPattern.validate(topic)) {
                problems.add(path, "topic pattern '" + topic + "' at column " + p.column() + ": " + p.message(), p.fix());
            }
            return;
        }
        String problem = OptionRule.topicNameProblem(topic);
        if (problem != null) problems.add(path, problem, "use only A-Z a-z 0-9 . _ - (at most 249 characters)");
    }

    private SourceDefinition entry(String name, Object value) {
        String path = "sources." + name;
        Map<String, Object> entry = problems.mapping(path, value);
        String connector = problems.requiredString(path + ".connector", entry.get("connector"),
                "add connector: <name>, one of: " + String.join(", ", ComponentNames.names(catalog.sources())));
        Optional<SourceFactory> factory = connector == null ? Optional.empty() : catalog.source(connector);
        if (connector != null && factory.isEmpty()) {
            problems.add(ComponentNames.unknown(path + ".connector", "source connector", connector,
                    catalog.sources(), List.of()));
        }
        problems.entryKeys(path, entry, ENTRY_KEYS, key -> isConfigKey(factory, key),
                factory.map(f -> f.spec().name()).orElse("the source"), "the source entry", "move it under config:");
        String topic = problems.string(path + ".topic", entry.get("topic"));
        if (topic != null && factory.isPresent()) checkTopic(path + ".topic", topic, factory.get());
        String configPath = path + ".config";
        Map<String, Object> config = problems.mutableMapping(configPath, entry.get("config"));
        List<TransformDefinition> chain = transforms.read(configPath + "." + TRANSFORMS, config.remove(TRANSFORMS));
        Map<String, Object> features = cdcFeatures(configPath + "." + CDC_FEATURES_KEY, config.remove(CDC_FEATURES_KEY));
        if (entry.containsKey("streams")) streams(path + ".streams", entry.get("streams"), factory, config);
        if (factory.isEmpty()) return null;
        moveColumnFilters(configPath, features, factory.get(), config);

        List<OptionSpec> options = new ArrayList<>(factory.get().spec().options());
        // A connector may document transforms and cdc_features among its own options (the Debezium ones do, for spec):
        // listed once in the known keys of an unknown key's error.
        COMMON_OPTIONS.stream().filter(c -> options.stream().noneMatch(o -> o.name().equals(c.name())))
                .forEach(options::add);
        problems.addAll(OptionValidator.validate(configPath, options, config));
        return new SourceDefinition(name, factory.get().spec().name(), topic, config, chain, features, path);
    }

    /** Whether {@code key} belongs in the source's {@code config} block (an option, transforms or cdc_features). */
    private static boolean isConfigKey(Optional<SourceFactory> factory, String key) {
        if (key.equals(TRANSFORMS) || key.equals(CDC_FEATURES_KEY)) return true;
        return factory.isPresent() && (factory.get().spec().options().stream().anyMatch(o -> o.accepts(key))
                || COMMON_OPTIONS.stream().anyMatch(o -> o.accepts(key)));
    }

    /**
     * The spec places column filters under {@code cdc_features}, rivven's README directly in
     * {@code config}: both are accepted; the reader gets them as its {@code column_filters} option.
     */
    private void moveColumnFilters(String configPath, Map<String, Object> features, SourceFactory factory,
                                   Map<String, Object> config) {
        if (!features.containsKey(COLUMN_FILTERS)) return;
        String path = configPath + "." + CDC_FEATURES_KEY + "." + COLUMN_FILTERS;
        Object filters = features.remove(COLUMN_FILTERS);
        if (factory.spec().option(COLUMN_FILTERS).isEmpty()) {
            problems.add(path, factory.spec().name() + " sources have no columns to filter", "remove it");
        } else if (config.containsKey(COLUMN_FILTERS)) {
            problems.add(path, "column filters are given twice (also in config.column_filters)", "keep one");
        } else {
            config.put(COLUMN_FILTERS, filters);
        }
    }

    private Map<String, Object> cdcFeatures(String path, Object value) {
        Map<String, Object> features = problems.mutableMapping(path, value);
        problems.unknownKeys(path, features, CDC_FEATURES);
        features.forEach((k, v) -> {
            Map<String, Object> block = problems.mapping(Problems.child(path, k), v);
            // Each block's options are known here, so every command (check too) reports their mistakes.
            if (TOMBSTONES.equals(k)) {
                problems.addAll(OptionValidator.validate(Problems.child(path, k), TombstoneSettings.OPTIONS, block));
            }
            if (STAGE_FEATURES.contains(k)) {
                Optional<FeatureFactory> factory = catalog.feature(k);
                if (factory.isPresent()) {
                    validateFeature(Problems.child(path, k), factory.get(), block);
                } else if (!Boolean.FALSE.equals(block.get("enabled")) && !"false".equals(String.valueOf(block.get("enabled")))) {
                    // Found at load, so `check` says it too rather than only `run`.
                    problems.add(Problems.child(path, k), "the " + k + " stage is not available in this build",
                            "remove it or set enabled: false");
                }
            }
        });
        return features;
    }

    private void validateFeature(String path, FeatureFactory factory, Map<String, Object> block) {
        List<ConfigProblem> found = OptionValidator.validate(path, factory.spec().options(), block);
        problems.addAll(found);
        if (!found.isEmpty()) return;
        try {
            problems.addAll(factory.validate(Options.of(path, factory.spec().options(), block)));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
    }

    /** Maps rivven's {@code streams: [{name, namespace}]} onto {@code include_tables: [namespace.name]}. */
    private void streams(String path, Object value, Optional<SourceFactory> factory, Map<String, Object> config) {
        List<String> tables = new ArrayList<>();
        List<Object> entries = problems.list(path, value);
        for (int i = 0; i < entries.size(); i++) {
            String streamPath = Problems.index(path, i);
            Map<String, Object> stream = problems.mapping(streamPath, entries.get(i));
            problems.unknownKeys(streamPath, stream, STREAM_KEYS);
            String table = problems.requiredString(streamPath + ".name", stream.get("name"), "add name: <table>");
            String namespace = problems.string(streamPath + ".namespace", stream.get("namespace"));
            String syncMode = problems.string(streamPath + ".sync_mode", stream.get("sync_mode"));
            if (syncMode != null && !SYNC_MODES.contains(syncMode)) {
                problems.add(streamPath + ".sync_mode", "'" + syncMode + "' is not a sync mode",
                        "expected one of " + String.join(", ", SYNC_MODES));
            }
            problems.string(streamPath + ".cursor_field", stream.get("cursor_field"));
            if (table != null) tables.add(namespace == null || namespace.isBlank() ? table : namespace + "." + table);
        }
        if (factory.isEmpty()) return;
        Optional<OptionSpec> include = factory.get().spec().option(INCLUDE_TABLES);
        if (include.isEmpty()) {
            problems.add(path, "streams are not supported by connector " + factory.get().spec().name()
                    + " (it has no include_tables option)", "remove streams:; see `cdc-toolkit spec "
                    + factory.get().spec().name() + "` for what it captures");
            return;
        }
        String key = config.keySet().stream().filter(include.get()::accepts).findFirst().orElse(INCLUDE_TABLES);
        List<Object> merged = new ArrayList<>();
        Object existing = config.get(key);
        if (existing instanceof List<?> list) {
            merged.addAll(list);
        } else if (existing != null) {
            merged.add(existing);
        }
        tables.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
        config.put(key, Collections.unmodifiableList(merged));
    }
}
