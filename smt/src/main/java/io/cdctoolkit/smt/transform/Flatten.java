package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code flatten}, Kafka's Flatten with a schema: nested rows become top-level fields named
 * {@code a.b.c} (with the {@code delimiter}), in schema order; arrays and maps are kept as they are; a
 * field under an optional nested row becomes optional; a nested row without fields gives no field.
 * With {@code maxDepth} &gt; 0, nested rows deeper than that many levels are kept as nested rows.
 */
final class Flatten implements RowTransform {

    /** The option a name collision is blamed on. */
    static final String DELIMITER = "delimiter";

    private final String delimiter;
    private final int maxDepth;

    /**
     * @param delimiter put between the names of a path
     * @param maxDepth  how many levels of nested rows are merged into the top level; 0 = all
     */
    Flatten(String delimiter, int maxDepth) {
        this.delimiter = delimiter;
        this.maxDepth = maxDepth;
    }

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        if (schema.fields().stream().noneMatch(f -> f.type() instanceof FieldType.Struct)) {
            return RowPlan.identity(schema); // nothing nested: Kafka's copy would be equal
        }
        Layout layout = new Layout();
        layout.add(schema, "", new int[0], List.of(), false, null, 1);
        return new Plan(RowSchema.of(schema.name(), layout.fields), layout.paths.toArray(new int[0][]));
    }

    /** The output fields and, for each, the indexes leading to its value in an input row. */
    private final class Layout {
        final List<Field> fields = new ArrayList<>();
        final List<int[]> paths = new ArrayList<>();
        final Map<String, List<String>> origins = new HashMap<>();

        void add(RowSchema schema, String prefix, int[] at, List<String> names, boolean optionalParent,
                 Row parentDefault, int depth) throws SchemaMismatchException {
            for (int i = 0; i < schema.size(); i++) {
                Field field = schema.field(i);
                String name = prefix.isEmpty() ? field.name() : prefix + delimiter + field.name();
                int[] path = Arrays.copyOf(at, at.length + 1);
                path[at.length] = i;
                List<String> origin = new ArrayList<>(names);
                origin.add(field.name());
                boolean optional = optionalParent || field.optional();
                // Kafka: a field's own default, else its value in the parent's default
                Object defaultValue = field.defaultValue() != null ? field.defaultValue()
                        : parentDefault != null ? parentDefault.get(i) : null;
                if (field.type() instanceof FieldType.Struct s && (maxDepth == 0 || depth <= maxDepth)) {
                    add(s.schema(), name, path, origin, optional,
                            defaultValue instanceof Row r ? r : null, depth + 1);
                } else {
                    List<String> other = origins.putIfAbsent(name, origin);
                    if (other != null) {
                        throw new SchemaMismatchException(DELIMITER, name, "flattening gives two fields named '" + name
                                + "': " + describe(other) + " and " + describe(origin));
                    }
                    fields.add(new Field(name, field.type(), optional, defaultValue, field.doc()));
                    paths.add(path);
                }
            }
        }
    }

    private static String describe(List<String> path) {
        return path.stream().map(n -> "'" + n + "'").collect(Collectors.joining(" > "));
    }

    /** Reads each output value by its index path; a null nested row gives nulls for its fields. */
    private record Plan(RowSchema output, int[][] paths) implements RowPlan {
        @Override
        public Row apply(Row row, ChangeEvent event) {
            Object[] values = new Object[paths.length];
            for (int f = 0; f < paths.length; f++) {
                int[] path = paths[f];
                Object value = row;
                for (int level = 0; level < path.length && value != null; level++) {
                    value = ((Row) value).get(path[level]);
                }
                values[f] = value;
            }
            return Row.wrap(output, values);
        }
    }
}
