package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.FieldType;

import java.util.ArrayList;
import java.util.List;

/**
 * The labels of database enum field types, and labels a value carries beyond them. PostgreSQL's
 * {@code ALTER TYPE … ADD VALUE} changes no table, so neither engine hears of it (no new Relation message, no
 * new Debezium schema) and rows carrying the new label would keep arriving under the old labels, refused by any
 * encoder that writes enums by symbol. Both readers add such labels after the known ones, in the order rows bring
 * them ({@link StructPlan#knowing}, {@code pgoutput.EnumLabels}).
 */
public final class EnumSymbols {

    private EnumSymbols() {
    }

    /** The labels of an enum or enum-array field type, else null. */
    public static List<String> of(FieldType type) {
        if (type instanceof FieldType.Enum e) return e.symbols();
        if (type instanceof FieldType.Array a && a.element() instanceof FieldType.Enum e) return e.symbols();
        return null;
    }

    /** {@code type} (an enum or enum array) with {@code added} after its labels. */
    public static FieldType widened(FieldType type, List<String> added) {
        List<String> labels = new ArrayList<>(of(type));
        labels.addAll(added);
        FieldType.Enum widened = new FieldType.Enum(labels);
        return type instanceof FieldType.Array ? new FieldType.Array(widened) : widened;
    }

    /**
     * Adds to {@code added} each label {@code value} (a label, or a list of labels and nulls) holds that is
     * neither {@code known} nor already added.
     */
    public static void collect(Object value, List<String> known, List<String> added) {
        if (value instanceof List<?> elements) {
            for (Object element : elements) collect(element, known, added);
        } else if (value instanceof String label && !known.contains(label) && !added.contains(label)) {
            added.add(label);
        }
    }
}
