package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.OptionSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How option types and values are spelled in {@code spec} and {@code init} output. */
final class OptionText {

    /** A full stop ending a sentence: not the dot of "e.g.", "i.e." or "etc." */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e|\\betc)\\.\\s");

    private OptionText() {
    }

    static String typeName(OptionSpec o) {
        return switch (o.type()) {
            case ENUM -> String.join("|", o.allowedValues());
            case STRING_LIST -> "list";
            case OBJECT_LIST -> "list of objects";
            case OBJECT -> "object";
            default -> o.type().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * A component's description up to its first full stop, on one line: the one-line summary {@code spec} lists and
     * {@code init} writes beside a connector. An abbreviation's dot ("e.g. ", "i.e. ") ends no sentence.
     */
    static String firstSentence(String doc) {
        Matcher end = SENTENCE_END.matcher(doc);
        return (end.find() ? doc.substring(0, end.start() + 1) : doc).replace('\n', ' ');
    }

    /** A value in YAML flow style. */
    static String value(Object v) {
        if (v instanceof String s) return yamlString(s);
        if (v instanceof List<?> list) {
            return list.stream().map(OptionText::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }

    private static String yamlString(String s) {
        boolean plain = !s.isEmpty() && s.matches("[A-Za-z0-9_./-]+") && !s.matches("(?i)true|false|null|yes|no|on|off|[0-9.]+");
        return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
