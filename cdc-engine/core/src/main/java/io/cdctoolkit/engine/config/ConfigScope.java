package io.cdctoolkit.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The parts of a config file a command reads. A {@code ${VAR}} or {@code ${file:…}} that cannot be substituted is an
 * error only inside them; elsewhere its value stays as written and goes unchecked. So {@code schema check --config}
 * in a CI job needs the registry's credentials, not the database password a source reads from the environment.
 *
 * <p>Parts are key paths ({@code schema_registry}, {@code sinks.out},
 * {@code sources.*.config.cdc_features.encryption}; {@code *} stands for one name), or every value but the
 * credentials ({@link #withoutSecrets()}), for a command that connects to nothing.
 */
public final class ConfigScope {

    /** Every part of the file. */
    public static final ConfigScope WHOLE = new ConfigScope(path -> true);

    private final Predicate<String> covers;

    private ConfigScope(Predicate<String> covers) {
        this.covers = covers;
    }

    /** The parts given, plus {@code version} and {@code state_dir}, which every command reads. */
    public static ConfigScope of(String... parts) {
        List<String[]> all = new ArrayList<>(List.of(new String[] {"version"}, new String[] {"state_dir"}));
        for (String part : parts) all.add(part.split("\\."));
        return new ConfigScope(path -> {
            String[] names = path.split("\\.");
            return all.stream().anyMatch(part -> related(part, names));
        });
    }

    /**
     * Every value but those whose key names a credential ({@link ConfigRedactor#looksSecret}: passwords, tokens,
     * keysets …): for a command that connects to nothing, where a credential is never used and any other value is.
     */
    public static ConfigScope withoutSecrets() {
        return new ConfigScope(path -> {
            String[] names = path.split("\\.");
            String key = name(names[names.length - 1]);
            String parent = names.length > 1 ? name(names[names.length - 2]) : "";
            return !ConfigRedactor.looksSecret(key, parent);
        });
    }

    /** Whether the value at {@code keyPath} is read: it lies within a part, or holds one (a whole block substituted). */
    public boolean covers(String keyPath) {
        return covers.test(keyPath);
    }

    /** One path is a prefix of the other, name by name ({@code *} matching any; list indices belong to their name). */
    private static boolean related(String[] part, String[] path) {
        for (int i = 0; i < Math.min(part.length, path.length); i++) {
            if (!part[i].equals("*") && !part[i].equals(name(path[i]))) return false;
        }
        return true;
    }

    /** A path element without its list index ({@code transforms[0]} is {@code transforms}). */
    private static String name(String element) {
        int index = element.indexOf('[');
        return index >= 0 ? element.substring(0, index) : element;
    }
}
