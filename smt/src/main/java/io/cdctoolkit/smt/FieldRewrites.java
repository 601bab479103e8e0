package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.smt.field.FieldPath;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles "change these named fields, keep the rest" into a {@link RowPlan}: the shared machinery of
 * mask, cast and timestamp conversion. Paths may lead into nested rows; the nested schemas on the way
 * are rebuilt once, at compile time, and per row only the rows on a changed path are copied.
 */
public final class FieldRewrites {

    private FieldRewrites() {
    }

    /**
     * The plan that applies {@code rewriter}'s conversion to each field in {@code paths}.
     *
     * @param schema   the schema met
     * @param paths    the field paths as configured
     * @param option   the option that names the fields (for errors)
     * @param missing  what a path the schema lacks means
     * @param rewriter compiles each field's conversion
     * @throws SchemaMismatchException when a path is missing (and {@code missing} is ERROR), names a
     *                                 field inside another named field, or the rewriter rejects a field
     */
    public static RowPlan compile(RowSchema schema, List<String> paths, String option, MissingFields missing,
                                  FieldRewriter rewriter) throws SchemaMismatchException {
        Node root = new Node();
        for (String path : paths) {
            FieldPath resolved = FieldPath.resolve(schema, path);
            if (resolved == null) {
                if (missing == MissingFields.IGNORE) continue;
                throw new SchemaMismatchException(option, path, MissingFieldHint.noField(path, schema)
                        + " (set missing_fields: ignore to skip tables without it)");
            }
            Node node = root;
            for (int level = 0; level < resolved.depth(); level++) {
                if (node.conversion != null) {
                    throw new SchemaMismatchException(option, path, "'" + path + "' lies inside another field named"
                            + " in the same list");
                }
                node = node.children.computeIfAbsent(resolved.index(level), i -> new Node());
            }
            if (!node.children.isEmpty()) {
                throw new SchemaMismatchException(option, path, "another field named in the same list lies inside '"
                        + path + "'");
            }
            if (node.conversion == null) node.conversion = rewriter.compile(resolved.field(), path);
        }
        return root.children.isEmpty() ? RowPlan.identity(schema) : root.plan(schema);
    }

    /** One level of the tree of named paths, built at compile time only. */
    private static final class Node {
        final Map<Integer, Node> children = new TreeMap<>();
        FieldConversion conversion;

        Level plan(RowSchema schema) {
            int n = children.size();
            int[] indexes = new int[n];
            FieldConversion[] conversions = new FieldConversion[n];
            Level[] nested = new Level[n];
            List<Field> fields = new ArrayList<>(schema.fields());
            int k = 0;
            for (Map.Entry<Integer, Node> e : children.entrySet()) {
                int i = e.getKey();
                indexes[k] = i;
                Node child = e.getValue();
                if (child.conversion != null) {
                    conversions[k] = child.conversion;
                    fields.set(i, child.conversion.output());
                } else {
                    Field field = schema.field(i);
                    Level inner = child.plan(((FieldType.Struct) field.type()).schema());
                    nested[k] = inner;
                    fields.set(i, new Field(field.name(), new FieldType.Struct(inner.output), field.optional(), null,
                            field.doc()));
                }
                k++;
            }
            return new Level(RowSchema.of(schema.name(), fields), indexes, conversions, nested);
        }
    }

    /** The compiled plan of one row level. */
    private static final class Level implements RowPlan {
        private final RowSchema output;
        private final int[] indexes;
        private final FieldConversion[] conversions;
        private final Level[] nested;

        Level(RowSchema output, int[] indexes, FieldConversion[] conversions, Level[] nested) {
            this.output = output;
            this.indexes = indexes;
            this.conversions = conversions;
            this.nested = nested;
        }

        @Override
        public RowSchema output() {
            return output;
        }

        @Override
        public Row apply(Row row, ChangeEvent event) throws FieldException {
            Object[] values = row.values();
            for (int k = 0; k < indexes.length; k++) {
                int i = indexes[k];
                Object value = values[i];
                if (value == null) continue;
                values[i] = conversions[k] != null ? conversions[k].convert(value) : nested[k].apply((Row) value, event);
            }
            return Row.wrap(output, values);
        }
    }
}
