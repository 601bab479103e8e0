package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.smt.FieldConversion;

/**
 * Every non-null value of a field becomes one value computed at compile time (a masked field's empty
 * value or its replacement). The value is shared between rows: values in rows are never mutated.
 */
record ConstantValue(Field output, Object value) implements FieldConversion {

    @Override
    public Object convert(Object ignored) {
        return value;
    }
}
