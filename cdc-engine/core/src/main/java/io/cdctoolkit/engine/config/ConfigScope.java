package io.cdctoolkit.engine.config;

import java.util.List;

/**
 * The parts of a config file a command reads, as key paths ({@code schema_registry}, {@code sinks.out},
 * {@code sources.*.config.cdc_features.encryption}; {@code *} stands for one name). A {@code ${VAR}} or
 * {@code ${file:…}} that cannot be substituted is an error only inside these parts; elsewhere its value stays as
 * written and goes unchecked. So {@code schema check --config} in a CI job needs the registry's credentials, not
 * the database password a source reads from the environment.
 *
 * @param parts key paths; {@link #WHOLE} is the whole file, what {@code run} and {@code check} read
 */
public record ConfigScope(List<String> parts) {

    /** Every part of the file. */
    public static final ConfigScope WHOLE = new ConfigScope(List.of(""));

    public ConfigScope {
        parts = List.copyOf(parts);
    }

    /** The parts given, plus {@code version} and {@code state_dir}, which every command reads. */
    public static ConfigScope of(String... parts) {
        List<String> all = new java.util.ArrayList<>(List.of("version", "state_dir"));
        all.addAll(List.of(parts));
        return new ConfigScope(all);
    }

    /** Whether the value at {@code keyPath} is read: it lies within a part, or holds one (a whole block substituted). */
    public boolean covers(String keyPath) {
        for (String part : parts) {
            if (part.isEmpty() || related(part.split("\\."), keyPath.split("\\."))) return true;
        }
        return false;
    }

    /** One path is a prefix of the other, name by name ({@code *} matching any; list indices belong to their name). */
    private static boolean related(String[] part, String[] path) {
        for (int i = 0; i < Math.min(part.length, path.length); i++) {
            String name = path[i];
            int index = name.indexOf('[');
            if (index >= 0) name = name.substring(0, index);
            if (!part[i].equals("*") && !part[i].equals(name)) return false;
        }
        return true;
    }
}
