package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code timestamp_converter}'s configuration, parsed once: the fields, the target, the Unix unit and
 * the {@code java.time} format (null = the ISO-8601 defaults).
 *
 * @param option    the option the fields were named in ({@code field} or {@code fields}), for errors
 * @param fields    the field paths
 * @param target    what they become
 * @param precision the unit of integer inputs and {@code unix} outputs
 * @param format    the pattern for string outputs and inputs, or null for the ISO-8601 defaults
 * @param pattern   the pattern text, or null
 */
record TimestampSettings(String option, List<String> fields, TimestampTarget target, UnixPrecision precision,
                         DateTimeFormatter format, String pattern) {

    static final String FIELD = "field";
    static final String FIELDS = "fields";
    static final String TARGET_TYPE = "target_type";
    static final String FORMAT = "format";
    static final String UNIX_PRECISION = "unix_precision";

    TimestampSettings {
        fields = List.copyOf(fields);
    }

    /** Outcome of parsing: the settings, or the problems with them. */
    record Parsed(Optional<TimestampSettings> settings, List<ConfigProblem> problems) {
    }

    /**
     * @param keyPath   where the options live
     * @param field     Kafka's single field, or null
     * @param fields    the list form, or empty
     * @param targetType the {@code target_type} spelling
     * @param precision the {@code unix_precision} given, or null
     * @param pattern   the {@code format} given, or null
     */
    static Parsed parse(String keyPath, String field, List<String> fields, String targetType, String precision,
                        String pattern) {
        List<ConfigProblem> problems = new ArrayList<>();
        String option = field != null ? FIELD : FIELDS;
        List<String> paths = field != null ? List.of(field) : fields;
        if (field != null && !fields.isEmpty()) {
            problems.add(new ConfigProblem(keyPath + "." + FIELDS, "give either field (Kafka) or fields, not both",
                    null));
        } else if (paths.isEmpty() || paths.stream().anyMatch(String::isBlank)) {
            problems.add(new ConfigProblem(keyPath + "." + option, "name the timestamp field(s): converting the whole "
                    + "key or value (Kafka's empty field) needs a primitive, but keys and values are rows here",
                    "e.g. field: created_at or fields: [created_at, updated_at]"));
        }
        TimestampTarget.Spelled spelled = TimestampTarget.parse(targetType);
        UnixPrecision unit = UnixPrecision.MILLISECONDS;
        if (precision != null) unit = UnixPrecision.parse(precision);
        if (spelled.precision() != null) {
            if (precision != null && unit != spelled.precision()) {
                problems.add(new ConfigProblem(keyPath + "." + UNIX_PRECISION, "target_type " + targetType
                        + " means " + spelled.precision().spelling() + " but unix_precision is " + precision,
                        "remove unix_precision or use target_type: unix"));
            }
            unit = spelled.precision();
        }
        DateTimeFormatter format = null;
        if (pattern != null) {
            if (spelled.isoOnly()) {
                problems.add(new ConfigProblem(keyPath + "." + FORMAT, "target_type iso8601 writes the ISO-8601 "
                        + "default; it takes no format", "use target_type: string with the format"));
            }
            try {
                // English names (MMM, EEE) whatever the JVM's locale, so output does not depend on the host.
                format = DateTimeFormatter.ofPattern(pattern, Locale.US);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(keyPath + "." + FORMAT, "not a java.time pattern: " + e.getMessage(),
                        "e.g. yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"));
            }
        }
        if (!problems.isEmpty()) return new Parsed(Optional.empty(), problems);
        return new Parsed(Optional.of(new TimestampSettings(option, paths, spelled.target(), unit, format, pattern)),
                List.of());
    }
}
