package io.cdctoolkit.engine.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named, typed column of a {@link RowSchema}.
 *
 * @param name         field name as the source spells it
 * @param type         field type
 * @param optional     whether the value may be null
 * @param defaultValue default value in the type's Java representation, or null
 * @param doc          documentation, or null
 */
public record Field(String name, FieldType type, boolean optional, Object defaultValue, String doc) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A required field without default or doc. */
    public static Field required(String name, FieldType type) {
        return new Field(name, type, false, null, null);
    }

    /** An optional field without default or doc. */
    public static Field optional(String name, FieldType type) {
        return new Field(name, type, true, null, null);
    }

    /** The same field under another name. */
    public Field withName(String newName) {
        return new Field(newName, type, optional, defaultValue, doc);
    }

    /** The same field with another type (the default is dropped: it belonged to the old type). */
    public Field withType(FieldType newType) {
        return new Field(name, newType, optional, null, doc);
    }

    /**
     * Equal when every component is, a {@code bytes} default by content: a record compares a
     * {@code byte[]} by identity, which would make two builds of one table version (Debezium
     * rebuilds its schemas) unequal schemas.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof Field f && optional == f.optional && name.equals(f.name) && type.equals(f.type)
                && Objects.deepEquals(defaultValue, f.defaultValue) && Objects.equals(doc, f.doc);
    }

    @Override
    public int hashCode() {
        int valueHash = defaultValue instanceof byte[] bytes ? Arrays.hashCode(bytes) : Objects.hashCode(defaultValue);
        return Objects.hash(name, type, optional, valueHash, doc);
    }

    /** The same field, optional or not. */
    public Field withOptional(boolean isOptional) {
        return new Field(name, type, isOptional, defaultValue, doc);
    }
}
