package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.smt.FieldException;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code insert_field}: appends fields holding event metadata (topic, source position, source
 * timestamp) or fixed strings after the row's own fields, in Kafka's order.
 *
 * @param insertions the fields to add, in order
 */
record InsertField(List<Insertion> insertions) implements RowTransform {

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        List<Field> fields = new ArrayList<>(schema.fields());
        for (Insertion insertion : insertions) {
            if (schema.indexOf(insertion.name()) >= 0) {
                throw new SchemaMismatchException(insertion.option(), insertion.name(), "schema '" + schema.name()
                        + "' already has a field '" + insertion.name() + "'; insert it under another name");
            }
            fields.add(insertion.field());
        }
        return new Plan(RowSchema.of(schema.name(), fields), schema.size(), insertions.toArray(Insertion[]::new));
    }

    /** Copies the row's values and appends the inserted ones. */
    private record Plan(RowSchema output, int width, Insertion[] insertions) implements RowPlan {
        @Override
        public Row apply(Row row, ChangeEvent event) throws FieldException {
            Object[] values = new Object[width + insertions.length];
            row.copyValuesTo(values, 0);
            for (int i = 0; i < insertions.length; i++) {
                Insertion insertion = insertions[i];
                Object value = insertion.value().of(event);
                if (value == null && !insertion.optional()) {
                    throw new FieldException(insertion.name(), "required field (suffix !) but the event has no "
                            + insertion.value().what());
                }
                values[width + i] = value;
            }
            return Row.wrap(output, values);
        }
    }
}
