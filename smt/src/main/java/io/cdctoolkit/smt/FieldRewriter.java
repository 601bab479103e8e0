package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.Field;

/** Compiles the {@link FieldConversion} of one named field, given its definition in the schema met. */
@FunctionalInterface
public interface FieldRewriter {

    /**
     * @param input the field as the schema defines it
     * @param path  the path as written in the config (for messages)
     * @throws SchemaMismatchException when the field's type does not fit the transform
     */
    FieldConversion compile(Field input, String path) throws SchemaMismatchException;
}
