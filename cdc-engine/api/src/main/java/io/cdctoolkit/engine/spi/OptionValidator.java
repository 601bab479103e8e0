package io.cdctoolkit.engine.spi;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an options map against its {@link OptionSpec}s: unknown keys (with "did you mean"), missing
 * required options, wrong types, values outside an enum. Reports every problem, never just the first.
 */
public final class OptionValidator {

    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private OptionValidator() {
    }

    /** Every problem of {@code raw} against {@code specs}; key paths are under {@code keyPath}. */
    public static List<ConfigProblem> validate(String keyPath, List<OptionSpec> specs, Map<String, ?> raw) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String key = e.getKey();
            String path = keyPath + "." + key;
            Optional<OptionSpec> spec = specs.stream().filter(s -> s.accepts(key)).findFirst();
            if (spec.isEmpty()) {
                problems.add(unknownKey(path, key, specs.stream().map(OptionSpec::name).toList()));
                continue;
            }
            checkValue(path, spec.get(), e.getValue(), problems);
        }
        for (OptionSpec spec : specs) {
            boolean given = raw.keySet().stream().anyMatch(spec::accepts);
            if (spec.required() && !given) {
                problems.add(new ConfigProblem(keyPath + "." + spec.name(), "required option is missing",
                        "add " + spec.name() + ": <" + spec.type().name().toLowerCase(java.util.Locale.ROOT) + ">"
                                + (spec.doc().isEmpty() ? "" : " — " + spec.doc())));
            }
        }
        return problems;
    }

    /**
     * A problem for an unknown key, with the closest known key as a "did you mean": one at most two edits away, else
     * one that begins the key or that the key begins ({@code hostname} → {@code host}, Debezium's name for it;
     * {@code pass} → {@code password}), else one three edits away (any two short names are).
     */
    public static ConfigProblem unknownKey(String path, String key, Collection<String> known) {
        String best = closest(key, known, 2);
        if (best == null) best = sharingPrefix(key, known);
        if (best == null) best = closest(key, known, 3);
        String fix = best != null ? "did you mean " + best
                : "known keys: " + String.join(", ", known);
        return new ConfigProblem(path, "unknown key '" + key + "'", fix);
    }

    /**
     * The longest known key that begins {@code key}, else the shortest that {@code key} begins (the shorter of the two
     * at least 3 characters), or null.
     */
    private static String sharingPrefix(String key, Collection<String> known) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        String begins = null;
        String longer = null;
        for (String candidate : known) {
            String c = candidate.toLowerCase(java.util.Locale.ROOT);
            if (Math.min(c.length(), lower.length()) < 3) continue;
            if (lower.startsWith(c) && (begins == null || c.length() > begins.length())) begins = candidate;
            if (c.startsWith(lower) && (longer == null || c.length() < longer.length())) longer = candidate;
        }
        return begins != null ? begins : longer;
    }

    /** The known name nearest to {@code key} by edit distance (at most 3), or null. */
    public static String closest(String key, Collection<String> known) {
        return closest(key, known, 3);
    }

    /** The known name nearest to {@code key} by edit distance, at most {@code maxDistance} (≤ 3), or null. */
    public static String closest(String key, Collection<String> known, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = DISTANCE.apply(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d >= 0 && d <= maxDistance && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static void checkValue(String path, OptionSpec spec, Object value, List<ConfigProblem> problems) {
        if (value == null) {
            if (spec.required()) problems.add(new ConfigProblem(path, "must not be empty", null));
            return;
        }
        Object coerced;
        try {
            coerced = coerce(spec, value);
        } catch (IllegalArgumentException ex) {
            problems.add(new ConfigProblem(path, ex.getMessage(),
                    spec.wrongShapeFix() != null ? spec.wrongShapeFix() : expected(spec)));
            return;
        }
        checkRules(path, spec, coerced, problems);
        if (spec.type() == OptionType.OBJECT && value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) m;
            problems.addAll(validate(path, spec.nested(), nested));
        }
    }

    /** The spec's rules, on the value or (for a list) on each entry; the first broken rule per value is reported. */
    private static void checkRules(String path, OptionSpec spec, Object coerced, List<ConfigProblem> problems) {
        if (spec.rules().isEmpty()) return;
        if (coerced instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) checkRules(path + "[" + i + "]", spec.rules(), list.get(i), problems);
        } else {
            checkRules(path, spec.rules(), coerced, problems);
        }
    }

    private static void checkRules(String path, List<OptionRule> rules, Object value, List<ConfigProblem> problems) {
        for (OptionRule rule : rules) {
            String problem = rule.problem(value);
            if (problem != null) {
                problems.add(new ConfigProblem(path, problem, rule.fix()));
                return;
            }
        }
    }

    private static String expected(OptionSpec spec) {
        return switch (spec.type()) {
            case ENUM -> "expected one of " + String.join(", ", spec.allowedValues());
            case STRING_LIST -> "expected a list of strings, e.g. [a, b]";
            case MAP, OBJECT -> "expected a mapping (key: value lines)";
            case OBJECT_LIST -> "expected a list of mappings";
            default -> "expected " + spec.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** What a YAML value is, for a message that says what was found instead of the expected form. */
    private static String shape(Object value) {
        if (value instanceof Map) return "a mapping";
        if (value instanceof List) return "a list";
        return "a single value"; // not echoed: it may be a secret written in the wrong place
    }

    /**
     * Converts a YAML value to the option's Java form (numbers from strings written via
     * {@code ${VAR}}, a single string to a one-element list).
     *
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    static Object coerce(OptionSpec spec, Object value) {
        return switch (spec.type()) {
            case STRING -> {
                if (value instanceof Map || value instanceof List) throw new IllegalArgumentException("got " + shape(value));
                yield value.toString();
            }
            case INT -> (int) toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> toLong(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> {
                if (value instanceof Number n) yield n.doubleValue();
                try {
                    yield Double.parseDouble(value.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a number");
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) yield b;
                String s = value.toString().trim().toLowerCase(java.util.Locale.ROOT);
                if (s.equals("true") || s.equals("false")) yield Boolean.parseBoolean(s);
                throw new IllegalArgumentException("'" + value + "' is not true or false");
            }
            case ENUM -> {
                String s = value.toString();
                if (!spec.allowedValues().contains(s)) {
                    throw new IllegalArgumentException("'" + s + "' is not one of " + spec.allowedValues());
                }
                yield s;
            }
            case STRING_LIST -> {
                if (value instanceof List<?> list) {
                    List<String> out = new ArrayList<>(list.size());
                    for (Object o : list) {
                        if (o instanceof Map || o instanceof List) {
                            throw new IllegalArgumentException("entry " + out.size() + " is " + shape(o));
                        }
                        out.add(String.valueOf(o));
                    }
                    yield List.copyOf(out);
                }
                if (value instanceof Map) throw new IllegalArgumentException("got " + shape(value));
                yield List.of(value.toString());
            }
            case MAP, OBJECT -> {
                if (!(value instanceof Map)) throw new IllegalArgumentException("got " + shape(value));
                yield value;
            }
            case OBJECT_LIST -> {
                if (!(value instanceof List<?> list)) throw new IllegalArgumentException("got " + shape(value));
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Map)) throw new IllegalArgumentException("entry " + i + " is " + shape(list.get(i)));
                }
                yield value;
            }
        };
    }

    private static long toLong(Object value, long min, long max) {
        long l;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            l = ((Number) value).longValue();
        } else {
            try {
                l = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a whole number");
            }
        }
        if (l < min || l > max) throw new IllegalArgumentException(l + " is out of range");
        return l;
    }
}
