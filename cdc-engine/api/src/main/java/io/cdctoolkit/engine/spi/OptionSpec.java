package io.cdctoolkit.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One option of a component: declared once and used for validation, {@code spec}, {@code init}
 * and the JSON Schema of the config file.
 *
 * @param name          canonical (snake_case) name
 * @param type          value type
 * @param defaultValue  default in the option's Java form (String, Integer, Long, Double, Boolean,
 *                      List, Map), or null when there is none
 * @param doc           one-line description
 * @param required      whether the option must be given
 * @param secret        whether the value is a secret (redacted everywhere)
 * @param aliases       other accepted spellings (Kafka/Debezium dotted names)
 * @param allowedValues the values an ENUM accepts
 * @param nested        the block's options, for OBJECT
 * @param example       an example value shown by {@code init}, or null
 * @param rules         what a value must meet beyond its type (ranges, non-blank…), checked at load
 * @param wrongShapeFix the fix a value that is not of the option's type is told (where another option takes that
 *                      shape), or null for what the type expects
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, String doc, boolean required,
                         boolean secret, List<String> aliases, List<String> allowedValues, List<OptionSpec> nested,
                         Object example, List<OptionRule> rules, String wrongShapeFix) {

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        aliases = List.copyOf(aliases);
        allowedValues = List.copyOf(allowedValues);
        nested = List.copyOf(nested);
        rules = List.copyOf(rules);
    }

    /** This option with another example value ({@code init} shows it). */
    public OptionSpec withExample(Object value) {
        return new OptionSpec(name, type, defaultValue, doc, required, secret, aliases, allowedValues, nested, value,
                rules, wrongShapeFix);
    }

    /** Whether {@code key} names this option (its name or an alias). */
    public boolean accepts(String key) {
        return name.equals(key) || aliases.contains(key);
    }

    public static Builder string(String name) {
        return new Builder(name, OptionType.STRING);
    }

    public static Builder integer(String name) {
        return new Builder(name, OptionType.INT);
    }

    public static Builder longValue(String name) {
        return new Builder(name, OptionType.LONG);
    }

    public static Builder doubleValue(String name) {
        return new Builder(name, OptionType.DOUBLE);
    }

    public static Builder bool(String name) {
        return new Builder(name, OptionType.BOOLEAN);
    }

    public static Builder oneOf(String name, String... values) {
        return new Builder(name, OptionType.ENUM).allowedValues(values);
    }

    public static Builder stringList(String name) {
        return new Builder(name, OptionType.STRING_LIST);
    }

    public static Builder map(String name) {
        return new Builder(name, OptionType.MAP);
    }

    public static Builder object(String name, OptionSpec... nested) {
        return new Builder(name, OptionType.OBJECT).nested(List.of(nested));
    }

    public static Builder object(String name, List<OptionSpec> nested) {
        return new Builder(name, OptionType.OBJECT).nested(nested);
    }

    public static Builder objectList(String name) {
        return new Builder(name, OptionType.OBJECT_LIST);
    }

    /** Builds an {@link OptionSpec}. */
    public static final class Builder {
        private final String name;
        private final OptionType type;
        private Object defaultValue;
        private String doc = "";
        private boolean required;
        private boolean secret;
        private List<String> aliases = List.of();
        private List<String> allowedValues = List.of();
        private List<OptionSpec> nested = List.of();
        private Object example;
        private final List<OptionRule> rules = new ArrayList<>();
        private String wrongShapeFix;

        private Builder(String name, OptionType type) {
            this.name = name;
            this.type = type;
        }

        public Builder defaultValue(Object value) {
            this.defaultValue = value;
            return this;
        }

        public Builder doc(String text) {
            this.doc = text;
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder secret() {
            this.secret = true;
            return this;
        }

        public Builder aliases(String... names) {
            this.aliases = List.of(names);
            return this;
        }

        public Builder allowedValues(String... values) {
            this.allowedValues = List.of(values);
            return this;
        }

        public Builder nested(List<OptionSpec> options) {
            this.nested = options;
            return this;
        }

        public Builder example(Object value) {
            this.example = value;
            return this;
        }

        /** Adds a rule the value must meet (checked when the config is loaded). */
        public Builder rule(OptionRule rule) {
            this.rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** The (whole-number) value must be at least {@code min}. */
        public Builder min(long min) {
            return rule(OptionRule.atLeast(min));
        }

        /** The (whole-number) value must be in {@code min..max}. */
        public Builder range(long min, long max) {
            return rule(OptionRule.between(min, max));
        }

        /** The (string) value must not be empty or blank. */
        public Builder notBlank() {
            return rule(OptionRule.notBlank());
        }

        /**
         * What a value that is not of the option's type is told to do instead, e.g. that a sibling option takes that
         * shape (by default: what the type expects).
         */
        public Builder wrongShapeFix(String fix) {
            this.wrongShapeFix = fix;
            return this;
        }

        public OptionSpec build() {
            return new OptionSpec(name, type, defaultValue, doc, required, secret, aliases, allowedValues, nested,
                    example, rules, wrongShapeFix);
        }
    }
}
