package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;

/**
 * One field {@code insert_field} adds: its name, whether it may be null and where its value comes
 * from.
 *
 * @param option   the option that configures it (for errors)
 * @param name     the field name
 * @param optional false when the name had Kafka's {@code !} suffix
 * @param value    the value's source
 */
record Insertion(String option, String name, boolean optional, InsertedValue value) {

    /**
     * Reads Kafka's spelling: {@code name!} is a required field, {@code name?} and {@code name} optional.
     */
    static Insertion parse(String option, String spec, InsertedValue value) {
        if (spec.endsWith("!")) return new Insertion(option, spec.substring(0, spec.length() - 1), false, value);
        if (spec.endsWith("?")) return new Insertion(option, spec.substring(0, spec.length() - 1), true, value);
        return new Insertion(option, spec, true, value);
    }

    /** The field added to the schema. */
    Field field() {
        return new Field(name, value.type(), optional, null, null);
    }
}
