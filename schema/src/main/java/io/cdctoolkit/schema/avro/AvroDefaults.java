package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts a field's default (in the {@link FieldType}'s Java representation) into the Java object
 * Avro's {@link Schema.Field} constructor turns into the schema's JSON default: numbers for ints,
 * longs and the logical types built on them, a byte string (ISO-8859-1 code points, as the Avro spec
 * encodes {@code bytes} defaults) for bytes and decimals, strings, lists, maps and records as maps.
 * Conversions are as exact as the writer's.
 */
final class AvroDefaults {

    private AvroDefaults() {
    }

    /**
     * The Avro default for {@code value} of {@code type}, whose derived Avro schema (not a union) is
     * {@code avro}.
     */
    static Object toAvro(FieldType type, Schema avro, Object value, String field) {
        if (value == null) return JsonProperties.NULL_VALUE;
        return switch (type.kind()) {
            case BOOLEAN -> (Boolean) value;
            case INT8 -> (int) AvroValues.integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE, type, field);
            case INT16 -> (int) AvroValues.integral(value, Short.MIN_VALUE, Short.MAX_VALUE, type, field);
            case INT32 -> (int) AvroValues.integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type, field);
            case INT64 -> AvroValues.integral(value, Long.MIN_VALUE, Long.MAX_VALUE, type, field);
            case FLOAT32 -> AvroValues.float32(value, field);
            case FLOAT64 -> AvroValues.float64(value, field);
            case STRING, JSON, ENUM -> (String) value;
            case UUID -> ((UUID) value).toString();
            case BYTES -> byteString((byte[]) value);
            case DECIMAL -> byteString(AvroValues.decimalBytes((BigDecimal) value, (FieldType.Decimal) type, field));
            case DATE -> AvroValues.epochDays((LocalDate) value, field);
            case TIME -> AvroValues.microsOfDay((LocalTime) value, field);
            case TIMESTAMP, TIMESTAMP_TZ -> AvroValues.epochMicros((Instant) value, type, field);
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                Schema items = AvroTypes.nonNull(avro.getElementType());
                List<Object> out = new ArrayList<>();
                for (Object item : (List<?>) value) out.add(toAvro(element, items, item, field + "[]"));
                yield out;
            }
            case MAP -> {
                FieldType valueType = ((FieldType.MapType) type).value();
                Schema values = AvroTypes.nonNull(avro.getValueType());
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(String.valueOf(e.getKey()), toAvro(valueType, values, e.getValue(), field + "{}"));
                }
                yield out;
            }
            case STRUCT -> {
                Row row = (Row) value;
                Map<String, Object> out = new LinkedHashMap<>();
                List<Schema.Field> fields = avro.getFields();
                for (int i = 0; i < fields.size(); i++) {
                    Schema.Field f = fields.get(i);
                    out.put(f.name(), toAvro(row.schema().field(i).type(), AvroTypes.nonNull(f.schema()),
                            row.get(i), field + "." + row.schema().field(i).name()));
                }
                yield out;
            }
        };
    }

    /**
     * Avro's JSON encoding of bytes: one code point 0-255 per byte. (Given a byte[], Avro's Field
     * constructor would write base64, which Avro itself then rejects as a bytes default.)
     */
    private static String byteString(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
