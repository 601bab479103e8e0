package io.cdctoolkit.engine.spi;

import java.util.function.Function;

/**
 * A condition an option's value must meet beyond its type — a range, a non-blank string, a name the
 * target system accepts — declared with the {@link OptionSpec}, so that loading the config (and thus
 * {@code check}) rejects exactly the values {@code run} could not use, with file, line and key path;
 * {@code spec} lists the rules and the config file's JSON Schema carries the ranges.
 *
 * <p>Rules see the value in the option's Java form (after {@code ${VAR}} substitution and type
 * conversion): {@code Integer}/{@code Long} for numbers, {@code String} for strings; a rule of a
 * STRING_LIST option is applied to each entry. Absent options (and defaults) are not judged.
 */
public interface OptionRule {

    /** The longest topic name Kafka accepts. */
    int MAX_TOPIC_LENGTH = 249;

    /** What the value must be, for messages and {@code spec}, e.g. {@code at least 1}. */
    String description();

    /** What is wrong with {@code value}, or null when it meets the rule. */
    String problem(Object value);

    /** How to fix a broken rule, or null when the problem's message says it already. */
    default String fix() {
        return "expected " + description();
    }

    /** The smallest whole number the rule accepts, or null (for the config file's JSON Schema). */
    default Long minimum() {
        return null;
    }

    /** The largest whole number the rule accepts, or null. */
    default Long maximum() {
        return null;
    }

    /** A whole number of at least {@code min}. */
    static OptionRule atLeast(long min) {
        return new DeclaredRule("at least " + min, null, min, null,
                v -> ((Number) v).longValue() >= min ? null : "must be at least " + min + ", got " + v);
    }

    /** A whole number in {@code min..max}. */
    static OptionRule between(long min, long max) {
        return new DeclaredRule("between " + min + " and " + max, null, min, max, v -> {
            long l = ((Number) v).longValue();
            return l >= min && l <= max ? null : "must be between " + min + " and " + max + ", got " + v;
        });
    }

    /** A TCP port, 1..65535. */
    static OptionRule port() {
        return new DeclaredRule("a port, 1..65535", null, 1L, 65535L, v -> {
            long l = ((Number) v).longValue();
            return l >= 1 && l <= 65535 ? null : v + " is not a port (1..65535)";
        });
    }

    /** A string that is not empty or only white space. */
    static OptionRule notBlank() {
        return new DeclaredRule("not blank", null, null, null, v -> v.toString().isBlank() ? "must not be empty" : null);
    }

    /** A name Kafka accepts for a topic: 1..249 of {@code A-Z a-z 0-9 . _ -}, not {@code .} or {@code ..}. */
    static OptionRule topicName() {
        return new DeclaredRule("a Kafka topic name (1..249 of A-Z a-z 0-9 . _ -)", null, null, null,
                v -> topicNameProblem(v.toString()));
    }

    /** What Kafka would refuse about {@code topic} as a topic name, or null. */
    static String topicNameProblem(String topic) {
        if (topic.isEmpty()) return "a topic name must not be empty";
        if (topic.equals(".") || topic.equals("..")) return "a topic name cannot be '.' or '..'";
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "a topic name has at most " + MAX_TOPIC_LENGTH + " characters, this one has " + topic.length();
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "topic name '" + topic + "' contains '" + new String(Character.toChars(topic.codePointAt(i)))
                        + "', which Kafka does not allow";
            }
        }
        return null;
    }

    /**
     * A custom rule; a broken one is reported with the fix {@code expected <description>}.
     *
     * @param description what the value must be
     * @param check       what is wrong with a value, or null
     */
    static OptionRule of(String description, Function<Object, String> check) {
        return new DeclaredRule(description, "expected " + description, null, null, check);
    }
}
