package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionValidator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Collects every problem of one config load, plus small readers for the shapes a section expects
 * (mapping, list, string) that report a wrong shape instead of throwing.
 */
final class Problems {

    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Key paths whose value could not be substituted: follow-up problems there would only repeat it. */
    private final Set<String> unresolved = new HashSet<>();

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    void add(String path, String message, String fix) {
        add(new ConfigProblem(path, message, fix));
    }

    void add(ConfigProblem problem) {
        // an unknown key is wrong whatever its value, so it is reported even where substitution failed
        boolean unknownKey = problem.message().startsWith("unknown key");
        if (unknownKey || !isUnresolved(problem.keyPath())) problems.add(problem);
    }

    void addAll(Collection<ConfigProblem> more) {
        more.forEach(this::add);
    }

    /** Records a value that could not be substituted; later problems at or under {@code path} are dropped. */
    void unresolved(String path, String message, String fix) {
        problems.add(new ConfigProblem(path, message, fix));
        unresolved.add(path);
    }

    /**
     * Records a value that could not be substituted but that the command does not read ({@link ConfigScope}): no
     * problem, and none later at or under {@code path}, where the text as written would not pass.
     */
    void leftUnresolved(String path) {
        unresolved.add(path);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<ConfigProblem> all() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * Reports every key of an entry that is not in {@code known}: one that {@code isOption} says is an option
     * of {@code owner}, written a level too high, is told where it belongs ({@code fix}); any other is unknown,
     * with a "did you mean".
     */
    void entryKeys(String path, Map<String, ?> entry, Collection<String> known, Predicate<String> isOption,
                   String owner, String where, String fix) {
        for (String key : entry.keySet()) {
            if (known.contains(key)) continue;
            if (isOption.test(key)) {
                misplaced(path, key, owner, where, fix);
            } else {
                add(OptionValidator.unknownKey(child(path, key), key, known));
            }
        }
    }

    /** An option of {@code owner} written in {@code where}, which does not take it. */
    void misplaced(String path, String key, String owner, String where, String fix) {
        add(child(path, key), "'" + key + "' is an option of " + owner + ", not of " + where, fix);
    }

    /** Reports every key of {@code map} that is not in {@code known}, with a "did you mean". */
    void unknownKeys(String path, Map<String, ?> map, Collection<String> known) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) add(OptionValidator.unknownKey(child(path, key), key, known));
        }
    }

    /** The value as a mapping; null is an empty mapping; anything else is a problem (and an empty mapping). */
    @SuppressWarnings("unchecked")
    Map<String, Object> mapping(String path, Object value) {
        if (value == null) return Map.of();
        if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
        add(path, "expected a mapping (key: value lines), got " + describe(value), null);
        return Map.of();
    }

    /** A mutable, ordered copy of {@link #mapping}. */
    Map<String, Object> mutableMapping(String path, Object value) {
        return new LinkedHashMap<>(mapping(path, value));
    }

    /** The value as a list; null is an empty list; anything else is a problem (and an empty list). */
    @SuppressWarnings("unchecked")
    List<Object> list(String path, Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> list) return (List<Object>) list;
        add(path, "expected a list (lines starting with '- '), got " + describe(value), null);
        return List.of();
    }

    /** The value as a string (numbers and booleans as written); null stays null; a mapping or list is a problem. */
    String string(String path, Object value) {
        if (value == null) return null;
        if (value instanceof Map || value instanceof List) {
            add(path, "expected a single value, got " + describe(value), null);
            return null;
        }
        return value.toString();
    }

    /** Like {@link #string}, but a missing or empty value is a problem with the given fix. */
    String requiredString(String path, Object value, String fix) {
        String s = string(path, value);
        if (s == null && !(value instanceof Map || value instanceof List)) {
            add(path, "is required", fix);
        } else if (s != null && s.isBlank()) {
            add(path, "must not be empty", fix);
            return null;
        }
        return s;
    }

    /** A boolean written as true/false (or substituted as the text "true"/"false"). */
    boolean bool(String path, Object value, boolean defaultValue) {
        if (value == null) return defaultValue;
        if (value instanceof Boolean b) return b;
        String s = value.toString().trim();
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        add(path, value instanceof String ? "expected true or false, got '" + value + "'"
                : "expected true or false, got " + describe(value), null);
        return defaultValue;
    }

    private boolean isUnresolved(String path) {
        if (unresolved.isEmpty() || path == null) return false;
        for (String u : unresolved) {
            if (path.equals(u) || path.startsWith(u + ".") || path.startsWith(u + "[")) return true;
        }
        return false;
    }

    /** A short description of a YAML value's shape for messages (never the value itself: it may be a secret). */
    static String describe(Object value) {
        if (value instanceof Map) return "a mapping";
        if (value instanceof List) return "a list";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof Number) return "a number";
        return "a string";
    }
}
