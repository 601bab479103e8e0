package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code transforms:} list: entries {@code {type, predicate?, config?}} (or a bare type name,
 * as rivven's pipeline transforms are written), each checked against its factory's spec.
 */
final class TransformReader {

    private static final List<String> ENTRY_KEYS = List.of("type", "predicate", "config");

    private final ComponentCatalog catalog;
    private final Problems problems;

    TransformReader(ComponentCatalog catalog, Problems problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /** The transforms of the list at {@code path}; entries with problems are left out. */
    List<TransformDefinition> read(String path, Object value) {
        List<TransformDefinition> out = new ArrayList<>();
        List<Object> entries = problems.list(path, value);
        for (int i = 0; i < entries.size(); i++) {
            String entryPath = Problems.index(path, i);
            Object entry = entries.get(i);
            TransformDefinition definition = entry instanceof String name
                    ? entry(entryPath, Map.of("type", name), true)
                    : entry(entryPath, problems.mapping(entryPath, entry), false);
            if (definition != null) out.add(definition);
        }
        return out;
    }

    private TransformDefinition entry(String path, Map<String, Object> entry, boolean bareName) {
        String typePath = bareName ? path : Problems.child(path, "type");
        String type = problems.requiredString(typePath, entry.get("type"),
                "add type: <name>, one of: " + String.join(", ", ComponentNames.names(catalog.transforms())));
        Optional<TransformFactory> factory = type == null ? Optional.empty() : catalog.transform(type);
        if (type != null && factory.isEmpty()) {
            problems.add(ComponentNames.unknown(typePath, "transform type", type, catalog.transforms(), List.of()));
        }
        List<OptionSpec> options = factory.map(f -> f.spec().options()).orElse(List.of());
        problems.entryKeys(path, entry, ENTRY_KEYS, key -> options.stream().anyMatch(o -> o.accepts(key)), type,
                "the transform entry", "move it under config:");
        String predicatePath = Problems.child(path, "predicate");
        Map<String, Object> predicate = problems.mapping(predicatePath, entry.get("predicate"));
        problems.addAll(OptionValidator.validate(predicatePath, TransformDefinition.PREDICATE_OPTIONS, predicate));
        String configPath = Problems.child(path, "config");
        Map<String, Object> config = problems.mapping(configPath, entry.get("config"));
        if (factory.isEmpty()) return null;
        problems.addAll(OptionValidator.validate(configPath, options, config));
        return new TransformDefinition(factory.get().spec().name(), predicate, config, path);
    }
}
