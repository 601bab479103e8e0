package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.RegistryFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code schema_registry: {mode, format, <mode>: {...}}}. Each block named after a mode is
 * checked against that mode's spec (also blocks of modes not selected, so a typo there is found
 * before someone switches to it).
 */
final class RegistryReader {

    static final String PATH = "schema_registry";

    private final ComponentCatalog catalog;
    private final Problems problems;

    RegistryReader(ComponentCatalog catalog, Problems problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /** The options a mode's block takes: its spec's, without {@code format} (written next to {@code mode}). */
    static List<OptionSpec> blockOptions(RegistryFactory factory) {
        return factory.spec().options().stream().filter(o -> !o.name().equals("format")).toList();
    }

    RegistryDefinition read(Object value) {
        if (value == null) return RegistryDefinition.disabled();
        Map<String, Object> block = problems.mapping(PATH, value);
        List<String> known = new ArrayList<>(List.of("mode", "format"));
        known.addAll(ComponentNames.spellings(catalog.registries()));
        if (!known.contains(RegistryDefinition.DISABLED)) known.add(RegistryDefinition.DISABLED);
        String mode = problems.string(PATH + ".mode", block.get("mode"));
        if (mode == null) mode = RegistryDefinition.DISABLED;
        Optional<RegistryFactory> factory = catalog.registry(mode);
        for (String key : block.keySet()) {
            if (!known.contains(key)) misplacedOrUnknown(key, factory, known);
        }
        if (factory.isEmpty() && !mode.equals(RegistryDefinition.DISABLED)) {
            problems.add(ComponentNames.unknown(PATH + ".mode", "schema registry mode", mode, catalog.registries(),
                    List.of(RegistryDefinition.DISABLED)));
        }
        String canonical = factory.map(f -> f.spec().name()).orElse(mode);

        String format = problems.string(PATH + ".format", block.get("format"));
        if (format == null) {
            format = RegistryDefinition.defaultFormat(canonical);
        } else if (!RegistryDefinition.FORMATS.contains(format)) {
            problems.add(PATH + ".format", "'" + format + "' is not a format",
                    didYouMean(format, RegistryDefinition.FORMATS));
        } else if (canonical.equals(RegistryDefinition.DISABLED) && !format.equals("json")) {
            problems.add(PATH + ".format", "format " + format + " needs a schema registry, but mode is disabled",
                    "set mode: external (or glue) with its block, or use format: json");
        }

        for (RegistryFactory f : catalog.registries()) {
            for (String key : block.keySet()) {
                boolean selected = f.spec().accepts(key) && f.spec().accepts(canonical);
                if (f.spec().accepts(key) && !selected) {
                    String path = PATH + "." + key;
                    problems.addAll(OptionValidator.validate(path, blockOptions(f), problems.mapping(path, block.get(key))));
                }
            }
        }
        Map<String, Object> options = Map.of();
        if (factory.isPresent()) {
            String key = block.containsKey(mode) ? mode : canonical;
            String path = PATH + "." + key;
            options = problems.mapping(path, block.get(key));
            List<ConfigProblem> found = OptionValidator.validate(path, blockOptions(factory.get()), options);
            problems.addAll(found);
            boolean formatReported = !RegistryDefinition.FORMATS.contains(format)
                    || (canonical.equals(RegistryDefinition.DISABLED) && !format.equals("json"));
            if (found.isEmpty() && !formatReported) problems.addAll(combined(factory.get(), path, options, format));
        }
        return new RegistryDefinition(canonical, format, options, PATH);
    }

    /**
     * A key written next to {@code mode} that belongs in a mode's block ({@code url} of external) is
     * told as misplaced, with the block to move it to (the selected mode's first); any other is unknown.
     */
    private void misplacedOrUnknown(String key, Optional<RegistryFactory> selected, List<String> known) {
        List<RegistryFactory> owners = new ArrayList<>();
        selected.ifPresent(owners::add);
        catalog.registries().stream().filter(f -> !owners.contains(f)).forEach(owners::add);
        for (RegistryFactory owner : owners) {
            if (blockOptions(owner).stream().anyMatch(o -> o.accepts(key))) {
                String name = owner.spec().name();
                problems.misplaced(PATH, key, "the " + name + " registry", PATH, "move it under " + name + ":"
                        + (owner == selected.orElse(null) ? "" : " and set mode: " + name));
                return;
            }
        }
        problems.add(OptionValidator.unknownKey(PATH + "." + key, key, known));
    }

    /**
     * The factory's checks of options together (e.g. a username without a password), once each one is
     * valid, so every command reports them with file, line and key path (see {@link RegistryFactory#validate}).
     */
    private static List<ConfigProblem> combined(RegistryFactory factory, String path, Map<String, Object> options,
                                                String format) {
        Optional<OptionSpec> formats = factory.spec().option("format");
        Map<String, Object> raw = new LinkedHashMap<>(options);
        if (formats.isPresent()) {
            List<String> allowed = formats.get().allowedValues();
            if (!allowed.isEmpty() && !allowed.contains(format)) {
                return List.of(new ConfigProblem(PATH + ".format", "mode " + factory.spec().name() + " does not write "
                        + format, "use one of " + String.join(", ", allowed)));
            }
            raw.put("format", format);
        }
        try {
            return factory.validate(Options.of(path, factory.spec().options(), raw));
        } catch (ConfigException e) {
            return e.problems(); // not expected: the same options were just validated
        }
    }

    private static String didYouMean(String value, List<String> allowed) {
        String best = OptionValidator.closest(value, allowed);
        return (best == null ? "" : "did you mean " + best + "; ") + "expected one of " + String.join(", ", allowed);
    }
}
