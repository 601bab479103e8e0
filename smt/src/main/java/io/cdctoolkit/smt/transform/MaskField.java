package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.smt.FieldConversion;
import io.cdctoolkit.smt.FieldRewrites;
import io.cdctoolkit.smt.MissingFields;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.util.List;

/**
 * {@code mask_field}: hides the values of the named fields (dotted paths reach into nested rows). A
 * masked field keeps its name and type; nulls stay null. Messages name the field and the reason,
 * never a value.
 *
 * @param fields      the field paths
 * @param missing     what a path the schema lacks means
 * @param strategy    how values are hidden
 * @param replacement the {@code replacement} text (strategy {@code empty} only), or null
 * @param salt        the hash salt, or null
 * @param keepFirst   characters kept at the start ({@code partial})
 * @param keepLast    characters kept at the end ({@code partial})
 */
record MaskField(List<String> fields, MissingFields missing, MaskStrategy strategy, String replacement, String salt,
                 int keepFirst, int keepLast) implements RowTransform {

    static final String FIELDS = "fields";
    static final String REPLACEMENT = "replacement";

    /** Under missing_fields: ignore a table without the named fields is passed silently; with none of them, all are. */
    @Override
    public Inaction inaction() {
        return missing != MissingFields.IGNORE ? null : new Inaction("none of the fields it names is in them",
                "correct the field names (missing_fields: ignore passes a table without them silently)");
    }

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        return FieldRewrites.compile(schema, fields, FIELDS, missing, this::mask);
    }

    /** Without the salt: it is a secret, and records print every component. */
    @Override
    public String toString() {
        return "MaskField[fields=" + fields + ", strategy=" + strategy.text() + (salt == null ? "" : ", salt=****") + "]";
    }

    /** The conversion that masks one field. */
    private FieldConversion mask(Field field, String path) throws SchemaMismatchException {
        if (strategy == MaskStrategy.EMPTY) {
            return replacement == null ? emptyValue(field, path) : replacement(field, path);
        }
        if (field.type().kind() != FieldType.Kind.STRING) {
            throw new SchemaMismatchException(FIELDS, path, "strategy " + strategy.text() + " masks string fields; '"
                    + path + "' is " + field.type() + " (leave strategy unset for its empty value, or use replacement)");
        }
        return switch (strategy) {
            case ASTERISKS -> new AsteriskMask(field);
            case HASH -> new HashMask(field, salt);
            case PARTIAL -> new PartialMask(field, keepFirst, keepLast);
            case EMPTY -> throw new IllegalStateException("handled above");
        };
    }

    private static FieldConversion emptyValue(Field field, String path) throws SchemaMismatchException {
        try {
            return new ConstantValue(field, EmptyValues.of(field.type()));
        } catch (IllegalArgumentException e) {
            throw new SchemaMismatchException(FIELDS, path, "'" + path + "' cannot be masked: " + e.getMessage());
        }
    }

    private FieldConversion replacement(Field field, String path) throws SchemaMismatchException {
        try {
            return new ConstantValue(field, ReplacementValues.parse(field.type(), replacement));
        } catch (IllegalArgumentException e) {
            throw new SchemaMismatchException(REPLACEMENT, path, "replacement '" + replacement + "' does not fit '"
                    + path + "' (" + field.type() + "): " + e.getMessage());
        }
    }
}
