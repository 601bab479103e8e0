package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.smt.MissingFieldHint;
import io.cdctoolkit.smt.MissingFields;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code replace_field}: keeps, drops and renames the top-level fields of a row in Kafka's order —
 * filter on the original names ({@code exclude} wins over {@code include}), then rename, all renames
 * at once.
 *
 * @param include                 the fields to keep (empty = all)
 * @param exclude                 the fields to drop
 * @param renames                 the renames
 * @param missing                 what a named field the schema lacks means
 * @param replaceNullWithDefault  whether a null becomes the field's declared default (Kafka's
 *                                {@code replace.null.with.default})
 */
record ReplaceField(Set<String> include, Set<String> exclude, Renames renames, MissingFields missing,
                    boolean replaceNullWithDefault) implements RowTransform {

    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String RENAMES = "renames";

    /** Under missing_fields: ignore a table without the named fields is passed silently; with none of them, all are. */
    @Override
    public Inaction inaction() {
        return missing != MissingFields.IGNORE ? null : new Inaction("none of the fields it names is in them",
                "correct the field names (missing_fields: ignore passes a table without them silently)");
    }

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        if (missing == MissingFields.ERROR) {
            requirePresent(schema, INCLUDE, include);
            requirePresent(schema, EXCLUDE, exclude);
            requirePresent(schema, RENAMES, renames.byOldName().keySet());
        }
        List<Field> fields = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        Map<String, String> outputNames = new HashMap<>();
        for (int i = 0; i < schema.size(); i++) {
            Field field = schema.field(i);
            if (exclude.contains(field.name()) || (!include.isEmpty() && !include.contains(field.name()))) continue;
            String name = renames.renamed(field.name());
            String earlier = outputNames.putIfAbsent(name, field.name());
            if (earlier != null) {
                String renamed = earlier.equals(name) ? field.name() : earlier;
                throw new SchemaMismatchException(RENAMES, renamed, "renaming '" + renamed + "' to '" + name
                        + "' collides with the kept field '" + name + "' of schema '" + schema.name()
                        + "'; exclude or rename that field too");
            }
            fields.add(field.withName(name));
            sources.add(i);
        }
        RowSchema output = RowSchema.of(schema.name(), fields);
        int[] indexes = sources.stream().mapToInt(Integer::intValue).toArray();
        Object[] defaults = new Object[indexes.length];
        boolean anyDefault = false;
        if (replaceNullWithDefault) {
            for (int j = 0; j < indexes.length; j++) {
                defaults[j] = fields.get(j).defaultValue();
                anyDefault |= defaults[j] != null;
            }
        }
        // Nothing kept out, renamed or defaulted (named fields the table lacks, under missing_fields: ignore): the
        // rows pass as they are, and check can tell the transform has nothing to do here.
        if (!anyDefault && output.equals(schema)) return RowPlan.identity(schema);
        return new Plan(output, indexes, anyDefault ? defaults : null);
    }

    private static void requirePresent(RowSchema schema, String option, Set<String> names)
            throws SchemaMismatchException {
        for (String name : names) {
            if (schema.indexOf(name) < 0) {
                throw new SchemaMismatchException(option, name, MissingFieldHint.noField(name, schema)
                        + " (set missing_fields: ignore to skip tables without it)");
            }
        }
    }

    /**
     * Picks the kept values in output order.
     *
     * @param defaults per output field the default a null becomes, or null when no field has one
     */
    private record Plan(RowSchema output, int[] indexes, Object[] defaults) implements RowPlan {
        @Override
        public Row apply(Row row, ChangeEvent event) {
            Object[] values = new Object[indexes.length];
            for (int j = 0; j < indexes.length; j++) {
                Object value = row.get(indexes[j]);
                values[j] = value == null && defaults != null ? defaults[j] : value;
            }
            return Row.wrap(output, values);
        }
    }
}
