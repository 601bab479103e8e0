package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.Field;

/**
 * How one field changes, compiled for its input definition: the field it becomes and how a non-null
 * value converts. Nulls stay null without a call.
 */
public interface FieldConversion {

    /** The output field (same name; type, optionality and default as the transform decides). */
    Field output();

    /**
     * Converts one non-null value of the input field to the output field's Java representation.
     *
     * @throws FieldException when the value cannot be converted
     */
    Object convert(Object value) throws FieldException;
}
