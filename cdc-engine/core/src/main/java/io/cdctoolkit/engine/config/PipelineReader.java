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
        Map<String, PipelineDefinition> pipelines =
                ConfigMaps.readEach(entries, (name, value) -> entry(name, value, sourceNames, sinkNames));
        rejectSharedSources(pipelines);
        return pipelines;
    }

    /**
     * A source's state (offsets, schema history, its lock) and its replication slot belong to the
     * source, so two pipelines reading one source would steal each other's changes and offsets.
     */
    private void rejectSharedSources(Map<String, PipelineDefinition> pipelines) {
        Map<String, String> readBy = new LinkedHashMap<>();
        for (PipelineDefinition p : pipelines.values()) {
            String first = readBy.putIfAbsent(p.source(), p.name());
            if (first == null) continue;
            problems.add(p.keyPath() + ".source", "source '" + p.source() + "' is already read by pipeline '" + first
                            + "'; a source (its offsets and replication slot) belongs to one pipeline",
                    "give pipeline '" + p.name() + "' a source entry of its own (a database source with its own "
                            + "slot_name)");
        }
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
            return PipelineSettings.from(Options.of(path, PipelineSettings.OPTIONS, raw));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
