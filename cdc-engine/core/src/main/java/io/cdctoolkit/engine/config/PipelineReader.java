package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.runtime.PipelineSettings;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code pipelines:}, or — when it is absent — pairs each source with the only sink, the
 * pipeline named after the source.
 */
final class PipelineReader {

    static final List<String> ENTRY_KEYS = List.of("source", "sink", "enabled", "settings", "transforms");

    private final Problems problems;
    private final TransformReader transforms;

    PipelineReader(ComponentCatalog catalog, Problems problems) {
        this.problems = problems;
        this.transforms = new TransformReader(catalog, problems);
    }

    /**
     * @param section     the {@code pipelines} value, or null when the key is absent
     * @param sourceNames the keys of {@code sources} (also those whose entry has problems)
     * @param sinkNames   the keys of {@code sinks}
     */
    Map<String, PipelineDefinition> read(Object section, Set<String> sourceNames, Set<String> sinkNames) {
        if (section == null) return implied(sourceNames, sinkNames);
        Map<String, Object> entries = problems.mapping("pipelines", section);
        if (entries.isEmpty()) {
            problems.add("pipelines", "no pipelines are defined",
                    "add one: pipelines: { main: { source: <source>, sink: <sink> } }, or remove pipelines:");
        }
        return ConfigMaps.readEach(entries, (name, value) -> entry(name, value, sourceNames, sinkNames));
    }

    private Map<String, PipelineDefinition> implied(Set<String> sourceNames, Set<String> sinkNames) {
        Map<String, PipelineDefinition> out = new LinkedHashMap<>();
        if (sinkNames.size() > 1) {
            problems.add("pipelines", sinkNames.size() + " sinks are defined (" + String.join(", ", sinkNames)
                            + ") but no pipelines, so it is not clear which source goes to which sink",
                    "add pipelines: { <name>: { source: <source>, sink: <sink> } } for each source");
            return out;
        }
        if (sinkNames.size() == 1) {
            String sink = sinkNames.iterator().next();
            for (String source : sourceNames) {
                out.put(source, new PipelineDefinition(source, source, sink, true, PipelineSettings.defaults(),
                        List.of()));
            }
        }
        return out;
    }

    private PipelineDefinition entry(String name, Object value, Set<String> sourceNames, Set<String> sinkNames) {
        String path = "pipelines." + name;
        Map<String, Object> entry = problems.mapping(path, value);
        problems.unknownKeys(path, entry, ENTRY_KEYS);
        String source = reference(path + ".source", entry.get("source"), "sources", sourceNames);
        String sink = reference(path + ".sink", entry.get("sink"), "sinks", sinkNames);
        boolean enabled = problems.bool(path + ".enabled", entry.get("enabled"), true);
        PipelineSettings settings = settings(path + ".settings", entry.get("settings"));
        List<TransformDefinition> chain = transforms.read(path + ".transforms", entry.get("transforms"));
        if (source == null || sink == null || settings == null) return null;
        return new PipelineDefinition(name, source, sink, enabled, settings, chain);
    }

    /** A name that must be a key of {@code section}; null (with a problem) when it is not. */
    private String reference(String path, Object value, String section, Set<String> known) {
        String name = problems.requiredString(path, value, "name one of " + section + ": " + String.join(", ", known));
        if (name == null || known.contains(name)) return name;
        String best = OptionValidator.closest(name, known);
        problems.add(path, "no entry '" + name + "' in " + section,
                (best == null ? "" : "did you mean " + best + "; ") + "defined: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
        return null;
    }

    private PipelineSettings settings(String path, Object value) {
        Map<String, Object> raw = problems.mapping(path, value);
        List<ConfigProblem> found = OptionValidator.validate(path, PipelineSettings.OPTIONS, raw);
        if (!found.isEmpty()) {
            problems.addAll(found);
            return null;
        }
        try {
            Options options = Options.of(path, PipelineSettings.OPTIONS, raw);
            boolean ok = atLeast(options, path, "batch_size", 1) & atLeast(options, path, "max_in_flight_records", 1)
                    & atLeast(options, path, "max_in_flight_bytes", 1) & atLeast(options, path, "rate_limit", 0)
                    & atLeast(options, path, "poll_timeout_ms", 0);
            return ok ? PipelineSettings.from(options) : null;
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private boolean atLeast(Options options, String path, String name, long min) {
        if (options.longValue(name) >= min) return true;
        problems.add(path + "." + name, "must be at least " + min + ", got " + options.longValue(name), null);
        return false;
    }
}
