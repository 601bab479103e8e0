package io.cdctoolkit.engine.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a placeholder value's letter case is changed (rule 3 of the topic resolver spec). Applies to
 * placeholder values only; literal pattern text is kept as written.
 */
public enum CaseConversion {
    /** Keep the value as it is. */
    NONE("none"),
    /** Lower-case every letter ({@link Locale#ROOT}). */
    LOWER("lower"),
    /** Upper-case every letter ({@link Locale#ROOT}). */
    UPPER("upper"),
    /** Split into words (acronym-aware, rules in docs/topic-routing.md) and join them lower-cased with {@code _}. */
    SNAKE_CASE("snake_case"),
    /** Like {@link #SNAKE_CASE}, joined with {@code -}. */
    KEBAB_CASE("kebab-case");

    private final String configName;

    CaseConversion(String configName) {
        this.configName = configName;
    }

    /** The spelling used in config files: {@code none | lower | upper | snake_case | kebab-case}. */
    public String configName() {
        return configName;
    }

    /** Every config spelling, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(CaseConversion::configName).toList();
    }

    /**
     * The conversion with config spelling {@code name}.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static CaseConversion fromConfig(String name) {
        for (CaseConversion c : values()) {
            if (c.configName.equals(name)) return c;
        }
        throw new IllegalArgumentException("unknown case conversion '" + name + "', expected one of "
                + String.join(", ", configNames()));
    }

    /** Applies this conversion to a non-empty value; never returns an empty string. */
    String apply(String value) {
        switch (this) {
            case LOWER:
                return value.toLowerCase(Locale.ROOT);
            case UPPER:
                return value.toUpperCase(Locale.ROOT);
            case SNAKE_CASE:
                return Words.join(value, '_');
            case KEBAB_CASE:
                return Words.join(value, '-');
            default:
                return value;
        }
    }
}
