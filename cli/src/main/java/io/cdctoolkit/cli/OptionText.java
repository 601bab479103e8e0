package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.OptionSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How option types and values are spelled in {@code spec} and {@code init} output. */
final class OptionText {

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
