package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.spi.OptionValidator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated topic pattern such as {@code cdc.{schema}.{table}}, compiled once into literal and
 * placeholder parts. Rules: not empty; braces balanced; placeholders only {@code {database}},
 * {@code {schema}}, {@code {table}}; literal text only {@code [A-Za-z0-9._-]}; not {@code .} or
 * {@code ..} (Kafka rejects those topic names). A pattern without placeholders is a fixed topic.
 */
public final class TopicPattern {

    private static final String LITERAL_FIX = "literal text may only contain A-Z a-z 0-9 . _ -";
    private static final String PLACEHOLDER_FIX = "use {database}, {schema} or {table}";

    private final String text;
    private final List<Part> parts;

    private TopicPattern(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses and validates {@code pattern}.
     *
     * @throws InvalidTopicPatternException listing every problem with its column
     */
    public static TopicPattern parse(String pattern) {
        List<PatternProblem> problems = new ArrayList<>();
        List<Part> parts = parse(pattern, problems);
        if (!problems.isEmpty()) throw new InvalidTopicPatternException(String.valueOf(pattern), problems);
        return new TopicPattern(pattern, parts);
    }

    /** Every problem of {@code pattern}; empty when it is valid. */
    public static List<PatternProblem> validate(String pattern) {
        List<PatternProblem> problems = new ArrayList<>();
        parse(pattern, problems);
        return Collections.unmodifiableList(problems);
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** Whether the pattern has no placeholder, i.e. every table goes to the same topic. */
    public boolean isFixed() {
        return parts.stream().noneMatch(p -> p instanceof Placeholder);
    }

    List<Part> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<Part> parse(String pattern, List<PatternProblem> problems) {
        List<Part> parts = new ArrayList<>();
        if (pattern == null || pattern.isEmpty()) {
            problems.add(new PatternProblem(1, "the topic pattern is empty",
                    "write a topic such as cdc.{schema}.{table}"));
            return parts;
        }
        if (pattern.equals(".") || pattern.equals("..")) {
            problems.add(new PatternProblem(1, "'" + pattern + "' is not a legal Kafka topic name",
                    "add a name or a placeholder, e.g. cdc.{table}"));
            return parts;
        }
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int column = 1;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '{') {
                flushLiteral(literal, parts);
                int end = parsePlaceholder(pattern, i, column, parts, problems);
                column += pattern.codePointCount(i, end);
                i = end;
                continue;
            }
            int cp = pattern.codePointAt(i);
            if (c == '}') {
                problems.add(new PatternProblem(column, "'}' has no matching '{'", "remove it or add '{' before it"));
            } else if (isLiteralChar(c)) {
                literal.append(c);
            } else {
                problems.add(new PatternProblem(column, "character " + describe(cp) + " is not allowed", LITERAL_FIX));
            }
            i += Character.charCount(cp);
            column++;
        }
        flushLiteral(literal, parts);
        return parts;
    }

    /** Parses the placeholder starting at the '{' at {@code open}; returns the index just after it. */
    private static int parsePlaceholder(String pattern, int open, int column, List<Part> parts,
                                        List<PatternProblem> problems) {
        int close = pattern.indexOf('}', open + 1);
        int nextOpen = pattern.indexOf('{', open + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
            problems.add(new PatternProblem(column, "'{' is never closed", "close the placeholder with '}', "
                    + PLACEHOLDER_FIX));
            return close < 0 ? pattern.length() : nextOpen;
        }
        String name = pattern.substring(open + 1, close);
        Placeholder placeholder = Placeholder.byName(name);
        if (placeholder != null) {
            parts.add(placeholder);
        } else {
            String best = name.isEmpty() ? null : OptionValidator.closest(name, Placeholder.names());
            problems.add(new PatternProblem(column, "unknown placeholder {" + name + "}",
                    best != null ? "did you mean {" + best + "}? " + PLACEHOLDER_FIX : PLACEHOLDER_FIX));
        }
        return close + 1;
    }

    private static void flushLiteral(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Part.Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    private static boolean isLiteralChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static String describe(int cp) {
        String hex = String.format(java.util.Locale.ROOT, "U+%04X", cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp)
                ? hex + (cp == ' ' ? " (space)" : "")
                : "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }
}
