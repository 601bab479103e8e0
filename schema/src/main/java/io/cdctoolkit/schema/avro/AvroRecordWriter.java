package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes rows of one row schema as an Avro record of its derived schema, field by field through
 * writers compiled once from the pair (row schema, Avro record): union branch indexes, decimal
 * scales and enum ordinals are resolved here, so writing an event does no lookups.
 */
final class AvroRecordWriter {

    private final RowSchema schema;
    /** Where this record sits, for messages: "the row" at the top, "field 'after'" nested. */
    private final String where;
    private final ValueWriter[] writers;

    /**
     * Compiles the writer of {@code schema} against {@code record}, its derived Avro schema.
     *
     * @param pathPrefix prefix of field paths in messages ({@code ""} at the top, {@code "after."} nested)
     */
    AvroRecordWriter(RowSchema schema, Schema record, String pathPrefix) {
        this.schema = schema;
        this.where = pathPrefix.isEmpty() ? "the row" : "field '" + pathPrefix.substring(0, pathPrefix.length() - 1) + "'";
        int n = schema.size();
        List<Schema.Field> avroFields = record.getFields();
        this.writers = new ValueWriter[n];
        for (int i = 0; i < n; i++) {
            Field field = schema.field(i);
            Schema avro = avroFields.get(i).schema();
            String path = pathPrefix + field.name();
            ValueWriter value = typeChecked(valueWriter(field.type(), AvroTypes.nonNull(avro), path), field.type(), path);
            writers[i] = field.optional() ? nullable(avro, value) : required(value, path);
        }
    }

    /** Writes {@code row}, which must be of this writer's schema. */
    void write(Row row, BinaryEncoder out) throws IOException {
        if (row.schema() != schema && !row.schema().equals(schema)) {
            throw new IllegalArgumentException(where + " is a row of '" + row.schema().name() + "' where '"
                    + schema.name() + "' was compiled");
        }
        for (int i = 0; i < writers.length; i++) writers[i].write(row.get(i), out);
    }

    /**
     * Turns a ClassCastException (a stage left a value whose Java type does not match the field's
     * type) into an IllegalArgumentException naming the field.
     */
    private static ValueWriter typeChecked(ValueWriter value, FieldType type, String path) {
        return (v, out) -> {
            try {
                value.write(v, out);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("field '" + path + "' (" + type + ") holds a "
                        + v.getClass().getName() + ", which is not the Java type of " + type, e);
            }
        };
    }

    private static ValueWriter required(ValueWriter value, String path) {
        return (v, out) -> {
            if (v == null) throw new IllegalArgumentException("field '" + path + "' is required but the value is null");
            value.write(v, out);
        };
    }

    /** A {@code [null, T]} or {@code [T, null]} union: the branch index, then the value. */
    private static ValueWriter nullable(Schema union, ValueWriter value) {
        int nullIndex = AvroTypes.nullIndex(union);
        int valueIndex = 1 - nullIndex;
        return (v, out) -> {
            if (v == null) {
                out.writeIndex(nullIndex);
            } else {
                out.writeIndex(valueIndex);
                value.write(v, out);
            }
        };
    }

    private static ValueWriter valueWriter(FieldType type, Schema avro, String path) {
        return switch (type.kind()) {
            case BOOLEAN -> (v, out) -> out.writeBoolean((Boolean) v);
            case INT8 -> (v, out) -> out.writeInt((int) AvroValues.integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE, type, path));
            case INT16 -> (v, out) -> out.writeInt((int) AvroValues.integral(v, Short.MIN_VALUE, Short.MAX_VALUE, type, path));
            case INT32 -> (v, out) -> out.writeInt(v instanceof Integer i ? i
                    : (int) AvroValues.integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, type, path));
            case INT64 -> (v, out) -> out.writeLong(v instanceof Long l ? l
                    : AvroValues.integral(v, Long.MIN_VALUE, Long.MAX_VALUE, type, path));
            case FLOAT32 -> (v, out) -> out.writeFloat(AvroValues.float32(v, path));
            case FLOAT64 -> (v, out) -> out.writeDouble(AvroValues.float64(v, path));
            case STRING, JSON -> (v, out) -> out.writeString((String) v);
            case UUID -> (v, out) -> out.writeString(((UUID) v).toString());
            case BYTES -> (v, out) -> out.writeBytes((byte[]) v);
            case DECIMAL -> {
                FieldType.Decimal decimal = (FieldType.Decimal) type;
                yield (v, out) -> out.writeBytes(AvroValues.decimalBytes((java.math.BigDecimal) v, decimal, path));
            }
            case DATE -> (v, out) -> out.writeInt(AvroValues.epochDays((java.time.LocalDate) v, path));
            case TIME -> (v, out) -> out.writeLong(AvroValues.microsOfDay((java.time.LocalTime) v, path));
            case TIMESTAMP, TIMESTAMP_TZ -> (v, out) -> out.writeLong(AvroValues.epochMicros((java.time.Instant) v, type, path));
            case ENUM -> enumWriter(avro, path);
            case ARRAY -> arrayWriter((FieldType.Array) type, avro, path);
            case MAP -> mapWriter((FieldType.MapType) type, avro, path);
            case STRUCT -> {
                AvroRecordWriter nested = new AvroRecordWriter(((FieldType.Struct) type).schema(), avro, path + ".");
                yield (v, out) -> nested.write((Row) v, out);
            }
        };
    }

    /** An Avro enum writes the symbol's ordinal; an enum derived as a string writes the symbol as it is. */
    private static ValueWriter enumWriter(Schema avro, String path) {
        if (avro.getType() == Schema.Type.STRING) return (v, out) -> out.writeString((String) v);
        Map<String, Integer> ordinals = new HashMap<>();
        List<String> symbols = avro.getEnumSymbols();
        for (int i = 0; i < symbols.size(); i++) ordinals.put(symbols.get(i), i);
        return (v, out) -> {
            Integer ordinal = ordinals.get((String) v);
            if (ordinal == null) {
                throw new IllegalArgumentException("field '" + path + "' (enum): the value is not one of the enum's "
                        + symbols.size() + " symbols");
            }
            out.writeEnum(ordinal);
        };
    }

    private static ValueWriter arrayWriter(FieldType.Array type, Schema avro, String path) {
        Schema items = avro.getElementType();
        String elementPath = path + "[]";
        ValueWriter element = nullable(items, typeChecked(
                valueWriter(type.element(), AvroTypes.nonNull(items), elementPath), type.element(), elementPath));
        return (v, out) -> {
            List<?> list = (List<?>) v;
            out.writeArrayStart();
            out.setItemCount(list.size());
            for (Object item : list) {
                out.startItem();
                element.write(item, out);
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter mapWriter(FieldType.MapType type, Schema avro, String path) {
        Schema values = avro.getValueType();
        String valuePath = path + "{}";
        ValueWriter value = nullable(values, typeChecked(
                valueWriter(type.value(), AvroTypes.nonNull(values), valuePath), type.value(), valuePath));
        return (v, out) -> {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("field '" + path + "' (map): a key is "
                            + (e.getKey() == null ? "null" : "not a string"));
                }
                out.startItem();
                out.writeString(key);
                value.write(e.getValue(), out);
            }
            out.writeMapEnd();
        };
    }
}
