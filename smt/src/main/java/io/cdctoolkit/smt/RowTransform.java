package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.Inaction;

/**
 * A field-level transform (mask, replace, cast, timestamp conversion, insert, flatten): compiles a
 * {@link RowPlan} per row schema. {@link RowTransformStage} applies it to a flat value, to both rows
 * of a change envelope, or to the key.
 */
@FunctionalInterface
public interface RowTransform {

    /**
     * The plan for rows of {@code schema}.
     *
     * @throws SchemaMismatchException when the transform's configuration does not fit the schema
     */
    RowPlan compile(RowSchema schema) throws SchemaMismatchException;

    /** What {@code check} says when the transform has nothing to do on any table ({@link io.cdctoolkit.engine.spi.Stage#inaction}). */
    default Inaction inaction() {
        return null;
    }
}
