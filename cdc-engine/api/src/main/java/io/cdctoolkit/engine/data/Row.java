package io.cdctoolkit.engine.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable row: a {@link RowSchema} and one value per field, in field order. Values use the Java
 * representation documented on {@link FieldType}. Rows never expose their value array, so they can
 * be shared between events and threads.
 */
public final class Row {

    private final RowSchema schema;
    private final Object[] values;

    private Row(RowSchema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /** A row of the given values (copied), which must match the schema's field count. */
    public static Row of(RowSchema schema, Object... values) {
        Objects.requireNonNull(schema, "schema");
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' has " + schema.size()
                    + " fields but " + values.length + " values were given");
        }
        return new Row(schema, values.clone());
    }

    /**
     * A row that takes ownership of {@code values} without copying: the caller must not touch the
     * array afterwards. For stages that build a fresh array per event on the hot path.
     */
    public static Row wrap(RowSchema schema, Object[] values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' has " + schema.size()
                    + " fields but " + values.length + " values were given");
        }
        return new Row(schema, values);
    }

    /** Starts a row of the given schema with every value null. */
    public static Builder builder(RowSchema schema) {
        return new Builder(schema, new Object[schema.size()]);
    }

    public RowSchema schema() {
        return schema;
    }

    /** Value at field index {@code i}. */
    public Object get(int i) {
        return values[i];
    }

    /** Value of the named field; throws if the schema has no such field. */
    public Object get(String fieldName) {
        int i = schema.indexOf(fieldName);
        if (i < 0) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' has no field '" + fieldName + "'");
        }
        return values[i];
    }

    /** A copy of the values, in field order. */
    public Object[] values() {
        return values.clone();
    }

    /** Copies the values into {@code target} starting at {@code offset}. */
    public void copyValuesTo(Object[] target, int offset) {
        System.arraycopy(values, 0, target, offset, values.length);
    }

    /** A builder pre-filled with this row's values. */
    public Builder toBuilder() {
        return new Builder(schema, values.clone());
    }

    /** This row with one value replaced. */
    public Row with(int i, Object value) {
        Object[] copy = values.clone();
        copy[i] = value;
        return new Row(schema, copy);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Row other) || !schema.equals(other.schema)) return false;
        return Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(schema.field(i).name()).append('=');
            Object v = values[i];
            sb.append(v instanceof byte[] b ? Arrays.toString(b) : v);
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link Row} by field name or index. */
    public static final class Builder {
        private final RowSchema schema;
        private final Object[] values;

        private Builder(RowSchema schema, Object[] values) {
            this.schema = schema;
            this.values = values;
        }

        public Builder set(int i, Object value) {
            values[i] = value;
            return this;
        }

        public Builder set(String fieldName, Object value) {
            int i = schema.indexOf(fieldName);
            if (i < 0) {
                throw new IllegalArgumentException("schema '" + schema.name() + "' has no field '" + fieldName + "'");
            }
            values[i] = value;
            return this;
        }

        public Row build() {
            return new Row(schema, values.clone());
        }
    }

}
