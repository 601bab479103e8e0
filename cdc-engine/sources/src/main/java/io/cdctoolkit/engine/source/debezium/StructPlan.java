package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How to turn a Connect {@link Struct} of one schema into a {@link Row}: the {@link RowSchema} (built
 * once) and, per kept field, the Connect field and its value conversion. Columns the selection
 * leaves out are never read, so they never enter the pipeline.
 */
final class StructPlan {

    private final RowSchema rowSchema;
    private final org.apache.kafka.connect.data.Field[] sourceFields;
    private final Function<Object, Object>[] converters;
    /** Per kept field, whether to read it; null = all (the common case). */
    private final boolean[] read;
    private final String path;
    /** An old row of a table whose before images are {@link BeforeImage.Kind#UNKNOWN}. */
    private final boolean unknownImage;
    /** The row fields of an enum or enum-array type (see {@link #knowing}). */
    private final int[] enumFields;

    private StructPlan(RowSchema rowSchema, org.apache.kafka.connect.data.Field[] sourceFields,
                       Function<Object, Object>[] converters, boolean[] read, String path) {
        this(rowSchema, sourceFields, converters, read, path, false);
    }

    private StructPlan(RowSchema rowSchema, org.apache.kafka.connect.data.Field[] sourceFields,
                       Function<Object, Object>[] converters, boolean[] read, String path, boolean unknownImage) {
        this.unknownImage = unknownImage;
        this.enumFields = java.util.stream.IntStream.range(0, rowSchema.size())
                .filter(i -> EnumSymbols.of(rowSchema.field(i).type()) != null).toArray();
        this.rowSchema = rowSchema;
        this.sourceFields = sourceFields;
        this.converters = converters;
        this.read = read;
        this.path = path;
    }

    /**
     * The value {@code struct} holds for {@code field}, never its schema's default: Connect's
     * {@link Struct#get(org.apache.kafka.connect.data.Field)} turns a NULL in a column with a DEFAULT
     * into the default, which would change the data. Fields without a default (most) take the
     * by-index path; the others are looked up by name, the only way Connect reads without the default.
     */
    static Object valueOf(Struct struct, org.apache.kafka.connect.data.Field field) {
        return field.schema().defaultValue() == null ? struct.get(field) : struct.getWithoutDefault(field.name());
    }

    /**
     * The plan for {@code schema} (a Connect STRUCT schema), keeping the columns {@code selection}
     * includes; {@code path} prefixes field names in errors.
     */
    static StructPlan of(Schema schema, String path, ColumnSelection selection) {
        return of(schema, path, selection, BeforeImage.FULL);
    }

    /**
     * As {@link #of(Schema, String, ColumnSelection)}, for the rows of a table whose before images
     * carry what {@code beforeImage} says: a column a before image may lack is optional in the row
     * schema, because such a before image has no value for it (see {@link #readingOnly}).
     */
    @SuppressWarnings("unchecked")
    static StructPlan of(Schema schema, String path, ColumnSelection selection, BeforeImage beforeImage) {
        List<Field> fields = new ArrayList<>();
        List<org.apache.kafka.connect.data.Field> kept = new ArrayList<>();
        List<Function<Object, Object>> convs = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field f : schema.fields()) {
            if (!selection.includes(f.name())) continue;
            String fieldPath = path + "." + f.name();
            ConnectTypeMapper.Mapping mapping = ConnectTypeMapper.map(f.schema(), fieldPath);
            boolean optional = f.schema().isOptional()
                    || (beforeImage.kind() == BeforeImage.Kind.KEY && !beforeImage.carries(f.name()));
            fields.add(new Field(f.name(), mapping.type(), optional,
                    defaultValue(f.schema(), mapping), f.schema().doc()));
            kept.add(f);
            convs.add(mapping.convert());
        }
        String name = schema.name() == null ? path : schema.name();
        return new StructPlan(RowSchema.of(name, fields), kept.toArray(new org.apache.kafka.connect.data.Field[0]),
                convs.toArray(new Function[0]), null, path);
    }

    RowSchema rowSchema() {
        return rowSchema;
    }

    /**
     * This plan producing rows of {@code same}, a structurally equal schema built earlier: Debezium
     * rebuilds its schema objects at times (e.g. when streaming starts after the snapshot) without
     * the table changing, and downstream caches key on schema identity.
     */
    StructPlan sharing(RowSchema same) {
        if (same == rowSchema) return this;
        if (!same.equals(rowSchema)) throw new IllegalArgumentException("schemas differ: " + same + " vs " + rowSchema);
        return new StructPlan(same, sourceFields, converters, read, path, unknownImage);
    }

    /**
     * This plan reading only the columns {@code beforeImage} carries and leaving the others null:
     * for before images the database wrote with the key columns only, where Debezium filled the
     * other columns with a type fallback ({@code ""}, {@code 0}, ...) that the database never sent.
     */
    StructPlan readingOnly(BeforeImage beforeImage) {
        if (beforeImage.kind() == BeforeImage.Kind.FULL) return this;
        if (beforeImage.kind() == BeforeImage.Kind.UNKNOWN) {
            // Every column is read, and a required one makes the row unreadable (convert): it may be a fallback.
            return new StructPlan(rowSchema, sourceFields, converters, null, path, true);
        }
        boolean[] mask = new boolean[sourceFields.length];
        for (int i = 0; i < mask.length; i++) mask[i] = beforeImage.carries(sourceFields[i].name());
        return new StructPlan(rowSchema, sourceFields, converters, mask, path);
    }

    /**
     * This plan, or one whose row schema's enum types (top-level fields) also hold every label {@code row} and
     * {@code other} (either may be null) carry beyond them, added after the known ones ({@link EnumSymbols}): the
     * same conversion, a new schema version. Rows of a table without enum fields cost one length check.
     */
    StructPlan knowing(Row row, Row other) {
        if (enumFields.length == 0) return this;
        List<Field> fields = null;
        for (int f : enumFields) {
            List<String> known = EnumSymbols.of(rowSchema.field(f).type());
            List<String> added = new ArrayList<>();
            if (row != null) EnumSymbols.collect(row.get(f), known, added);
            if (other != null) EnumSymbols.collect(other.get(f), known, added);
            if (added.isEmpty()) continue;
            if (fields == null) fields = new ArrayList<>(rowSchema.fields());
            Field field = fields.get(f);
            fields.set(f, new Field(field.name(), EnumSymbols.widened(field.type(), added), field.optional(),
                    field.defaultValue(), field.doc()));
        }
        return fields == null ? this : withSchema(RowSchema.of(rowSchema.name(), fields));
    }

    /** This plan (same fields read, same conversions) producing rows of {@code schema}. */
    StructPlan withSchema(RowSchema schema) {
        return new StructPlan(schema, sourceFields, converters, read, path, unknownImage);
    }

    /**
     * The row for {@code struct}, which must have this plan's Connect schema.
     *
     * @throws UnconvertibleValueException for a value its field type cannot hold (names the column)
     */
    Row convert(Struct struct) {
        if (unknownImage) refuseRequiredColumns();
        Object[] values = new Object[sourceFields.length];
        for (int i = 0; i < values.length; i++) {
            if (read != null && !read[i]) continue;
            Object raw = valueOf(struct, sourceFields[i]);
            if (raw == null) continue;
            try {
                values[i] = converters[i].apply(raw);
            } catch (UnconvertibleValueException e) {
                throw e; // from a nested struct: already names its full path
            } catch (RuntimeException e) {
                throw new UnconvertibleValueException(path + "." + sourceFields[i].name(), "cannot convert value of "
                        + describe(sourceFields[i].schema()) + ": " + e.getMessage(), e);
            }
        }
        return Row.wrap(rowSchema, values);
    }

    /** An old row of a {@link BeforeImage.Kind#UNKNOWN} image: unreadable when a column of it may be a fallback. */
    private void refuseRequiredColumns() {
        for (org.apache.kafka.connect.data.Field f : sourceFields) {
            if (f.schema().isOptional()) continue;
            throw new UnconvertibleValueException(path + "." + f.name(), "the table is no longer in the catalog under"
                    + " this name (dropped, or renamed, after this change was written), so whether PostgreSQL wrote its"
                    + " old row whole (REPLICA IDENTITY FULL) or only its key cannot be told, and Debezium fills a NOT NULL"
                    + " column it was not sent with a made-up value; engine: native reads such changes as written", null);
        }
    }

    private static Object defaultValue(Schema schema, ConnectTypeMapper.Mapping mapping) {
        Object raw = schema.defaultValue();
        if (raw == null) return null;
        try {
            return mapping.convert().apply(raw);
        } catch (RuntimeException e) {
            return null; // a default we cannot represent is dropped, never guessed
        }
    }

    private static String describe(Schema schema) {
        return schema.name() == null ? schema.type().toString() : schema.name();
    }
}
