package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * Finds the value whose Java type does not match its field type — the Java types RowJson casts to
 * (see {@link FieldType}). Only called after RowJson failed with a ClassCastException, which does not
 * say which field it was rendering; never on the per-event path.
 */
final class ValueTypes {

    private ValueTypes() {
    }

    /** The path of the first mismatching value (with its type and the Java class found), or null. */
    static String firstMismatch(Row row) {
        return inRow(row, "");
    }

    private static String inRow(Row row, String prefix) {
        RowSchema schema = row.schema();
        for (int i = 0; i < schema.size(); i++) {
            String path = prefix.isEmpty() ? schema.field(i).name() : prefix + "." + schema.field(i).name();
            String found = inValue(schema.field(i).type(), row.get(i), path);
            if (found != null) return found;
        }
        return null;
    }

    private static String inValue(FieldType type, Object value, String path) {
        if (value == null) return null;
        if (!fits(type, value)) {
            return "field '" + path + "' (" + FieldPaths.typeName(type) + ") holds a " + value.getClass().getName();
        }
        switch (type.kind()) {
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                int i = 0;
                for (Object item : (List<?>) value) {
                    String found = inValue(element, item, path + "[" + i++ + "]");
                    if (found != null) return found;
                }
            }
            case MAP -> {
                FieldType valueType = ((FieldType.MapType) type).value();
                for (Object item : ((Map<?, ?>) value).values()) {
                    String found = inValue(valueType, item, path + "[*]"); // keys are data: not named
                    if (found != null) return found;
                }
            }
            case STRUCT -> {
                return inRow((Row) value, path);
            }
            default -> { }
        }
        return null;
    }

    private static boolean fits(FieldType type, Object value) {
        return switch (type.kind()) {
            case BOOLEAN -> value instanceof Boolean;
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> value instanceof Number;
            case DECIMAL -> value instanceof BigDecimal;
            case BYTES -> value instanceof byte[];
            case DATE -> value instanceof LocalDate;
            case TIME -> value instanceof LocalTime;
            case TIMESTAMP, TIMESTAMP_TZ -> value instanceof Instant;
            case STRING, JSON, ENUM, UUID -> true; // RowJson writes their toString()
            case ARRAY -> value instanceof List;
            case MAP -> value instanceof Map;
            case STRUCT -> value instanceof Row;
        };
    }
}
