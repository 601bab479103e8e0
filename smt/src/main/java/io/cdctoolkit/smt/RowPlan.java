package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

/**
 * What a field-level transform compiled for one row schema: the output schema and how each row of
 * the input schema becomes a row of it. Built once per schema, applied per row: no name lookups or
 * schema building in {@link #apply}.
 */
public interface RowPlan {

    /** The schema of the rows {@link #apply} returns. */
    RowSchema output();

    /**
     * Transforms one row of the input schema.
     *
     * @param row   a non-null row of the schema the plan was compiled for
     * @param event the event the row belongs to (for transforms that insert event data)
     * @throws FieldException when a value cannot be transformed
     */
    Row apply(Row row, ChangeEvent event) throws FieldException;

    /** Whether the plan returns every row as it is ({@link #identity}): the transform has nothing to do here. */
    default boolean changesNothing() {
        return false;
    }

    /** A plan that returns every row as it is. */
    static RowPlan identity(RowSchema schema) {
        return new RowPlan() {
            @Override
            public RowSchema output() {
                return schema;
            }

            @Override
            public boolean changesNothing() {
                return true;
            }

            @Override
            public Row apply(Row row, ChangeEvent event) {
                return row;
            }
        };
    }
}
