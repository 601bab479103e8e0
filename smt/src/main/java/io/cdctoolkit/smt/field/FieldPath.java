package io.cdctoolkit.smt.field;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * A field named in a transform's config, resolved against one schema: the indexes that lead to it
 * through nested rows. Resolved once per schema; {@link #get} then reads a value with array accesses
 * only.
 *
 * <p>A name is first looked up as written among the top-level fields (so a column really named
 * {@code a.b} is found); otherwise it is split at dots and followed into nested rows
 * ({@code address.city}).
 */
public final class FieldPath {

    private final String text;
    private final int[] indexes;
    private final Field leaf;

    private FieldPath(String text, int[] indexes, Field leaf) {
        this.text = text;
        this.indexes = indexes;
        this.leaf = leaf;
    }

    /** The path of {@code name} in {@code schema}, or null when the schema has no such field. */
    public static FieldPath resolve(RowSchema schema, String name) {
        int top = schema.indexOf(name);
        if (top >= 0) return new FieldPath(name, new int[] {top}, schema.field(top));
        String[] parts = name.split("\\.", -1);
        if (parts.length < 2) return null;
        List<Integer> indexes = new ArrayList<>();
        RowSchema current = schema;
        Field field = null;
        for (int p = 0; p < parts.length; p++) {
            if (current == null) return null;
            int i = current.indexOf(parts[p]);
            if (i < 0) return null;
            indexes.add(i);
            field = current.field(i);
            current = field.type() instanceof FieldType.Struct s ? s.schema() : null;
        }
        return new FieldPath(name, indexes.stream().mapToInt(Integer::intValue).toArray(), field);
    }

    /** The path as written in the config. */
    public String text() {
        return text;
    }

    /** The field the path ends at. */
    public Field field() {
        return leaf;
    }

    /** How many levels deep the field is (1 = top level). */
    public int depth() {
        return indexes.length;
    }

    /** The index at {@code level} (0 = top level). */
    public int index(int level) {
        return indexes[level];
    }

    /** The field's value in {@code row}, or null when it or a row on the way is null. */
    public Object get(Row row) {
        Object value = row;
        for (int index : indexes) {
            if (value == null) return null;
            value = ((Row) value).get(index);
        }
        return value;
    }

    @Override
    public String toString() {
        return text;
    }
}
