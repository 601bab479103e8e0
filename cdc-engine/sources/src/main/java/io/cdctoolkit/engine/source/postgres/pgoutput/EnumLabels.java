package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.source.debezium.EnumSymbols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Enum labels a streamed row carries that its plan's enum type lacks. {@code ALTER TYPE … ADD VALUE} changes no
 * table, so PostgreSQL sends no new Relation message and the plan keeps the labels the catalog had when it was
 * built; a row with the new label then arrived under an enum field type without it, and an encoder that writes
 * enums by symbol (Avro, Protobuf, JSON Schema's {@code enum}) refused a good row. Before a change is decoded,
 * such labels are added after the plan's (in the order rows bring them; the catalog's order, which
 * {@code ADD VALUE … BEFORE} can make another, from the next Relation message or start on): a new version of
 * the table's schemas, kept for its later rows. The Debezium engine's schemas lack the label the same way; its
 * reader adds it likewise ({@link EnumSymbols}).
 */
final class EnumLabels {

    private EnumLabels() {
    }

    /**
     * The relation columns of an enum or enum-array type that rows or keys carry ({@code rowIndex} ≥ 0 or in
     * {@code keyColumns}); a column the filters leave out is never read.
     */
    static int[] columnsOf(ColumnType[] types, int[] rowIndex, List<Integer> keyColumns) {
        return java.util.stream.IntStream.range(0, types.length)
                .filter(i -> (rowIndex[i] >= 0 || keyColumns.contains(i)) && EnumSymbols.of(types[i].type()) != null)
                .toArray();
    }

    /** {@code type} (an enum or enum array) with {@code added} after its labels. */
    static ColumnType widened(ColumnType type, List<String> added) {
        List<String> labels = EnumSymbols.of(EnumSymbols.widened(type.type(), added));
        return type.type() instanceof FieldType.Array ? PgTextTypes.enumArray(labels) : PgTextTypes.enumOf(labels);
    }

    /** {@code plan}, or a version of it whose enum types hold every label the given tuples (null: none) carry. */
    static RelationPlan knowing(RelationPlans plans, RelationPlan plan, TupleData before, TupleData after) {
        for (int column : plan.enumColumns()) {
            List<String> known = EnumSymbols.of(plan.types()[column].type());
            List<String> added = new ArrayList<>();
            collect(plan.types()[column], column, before, known, added);
            collect(plan.types()[column], column, after, known, added);
            if (!added.isEmpty()) plan = plans.withEnumLabels(plan, column, added);
        }
        return plan;
    }

    private static void collect(ColumnType type, int column, TupleData tuple, List<String> known, List<String> added) {
        if (tuple == null || column >= tuple.size()) return;
        byte kind = tuple.kinds()[column];
        if (kind != TupleData.TEXT && kind != TupleData.BINARY) return;
        Object value;
        try {
            byte[] bytes = tuple.values()[column];
            value = kind == TupleData.BINARY ? type.decodeBinary(bytes)
                    : type.decoder().decode(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return; // not a value of the type at all: the event's own decoding makes it unreadable, naming the column
        }
        EnumSymbols.collect(value, known, added);
    }
}
