package io.cdctoolkit.engine.spi;

/** The type of a component option, for validation, docs and the config file's JSON Schema. */
public enum OptionType {
    STRING, INT, LONG, DOUBLE, BOOLEAN,
    /** One of {@link OptionSpec#allowedValues()}. */
    ENUM,
    /** A list of strings (a single string is accepted as a one-element list). */
    STRING_LIST,
    /** A free-form map passed through (e.g. Kafka producer properties, custom fields). */
    MAP,
    /** A nested block validated against {@link OptionSpec#nested()}. */
    OBJECT,
    /** A list of free-form objects, validated by whoever consumes them (e.g. transforms). */
    OBJECT_LIST
}
