package io.cdctoolkit.smt.docs;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notation of the examples in docs/transforms.md: a schema is a YAML mapping of field name to type
 * ({@code int64}, {@code string?} for optional, {@code decimal(10,2)}, {@code array<string>},
 * {@code map<int32>}, {@code enum(a|b)}, or a nested mapping for a nested row, which is optional when
 * its key is written {@code name?}); values are YAML
 * scalars read in the field's type (dates, times and instants in ISO-8601, bytes in base64, decimals as
 * written).
 */
final class ExampleValues {

    private ExampleValues() {
    }

    /** The schema of a notation mapping. */
    static RowSchema schema(String name, Map<String, Object> notation) {
        RowSchema.Builder b = RowSchema.builder(name);
        notation.forEach((key, value) -> {
            boolean optional = key.endsWith("?");
            String fieldName = optional ? key.substring(0, key.length() - 1) : key;
            FieldType type;
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                type = new FieldType.Struct(schema(name + "." + fieldName, m));
            } else {
                String text = value.toString().trim();
                if (text.endsWith("?")) {
                    optional = true;
                    text = text.substring(0, text.length() - 1);
                }
                type = type(text);
            }
            b.field(new Field(fieldName, type, optional, null, null));
        });
        return b.build();
    }

    static FieldType type(String text) {
        if (text.startsWith("decimal(")) {
            String[] ps = text.substring(8, text.length() - 1).split(",");
            return new FieldType.Decimal(Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
        }
        if (text.startsWith("enum(")) {
            return new FieldType.Enum(Arrays.asList(text.substring(5, text.length() - 1).split("\\|")));
        }
        if (text.startsWith("array<")) return new FieldType.Array(type(text.substring(6, text.length() - 1)));
        if (text.startsWith("map<")) return new FieldType.MapType(type(text.substring(4, text.length() - 1)));
        return switch (text) {
            case "boolean" -> FieldType.BOOLEAN;
            case "int8" -> FieldType.INT8;
            case "int16" -> FieldType.INT16;
            case "int32" -> FieldType.INT32;
            case "int64" -> FieldType.INT64;
            case "float32" -> FieldType.FLOAT32;
            case "float64" -> FieldType.FLOAT64;
            case "string" -> FieldType.STRING;
            case "bytes" -> FieldType.BYTES;
            case "date" -> FieldType.DATE;
            case "time" -> FieldType.TIME;
            case "timestamp" -> FieldType.TIMESTAMP;
            case "timestamp_tz" -> FieldType.TIMESTAMP_TZ;
            case "uuid" -> FieldType.UUID;
            case "json" -> FieldType.JSON;
            default -> throw new IllegalArgumentException("unknown type in example: " + text);
        };
    }

    /** A row of {@code schema} from a YAML mapping (fields left out are null). */
    static Row row(RowSchema schema, Map<String, Object> values) {
        for (String name : values.keySet()) {
            if (schema.indexOf(name) < 0) {
                throw new IllegalArgumentException("example value names field '" + name + "' that "
                        + schema.name() + " does not have: " + schema);
            }
        }
        Object[] out = new Object[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            Field f = schema.field(i);
            out[i] = value(f.type(), values.get(f.name()));
        }
        return Row.of(schema, out);
    }

    @SuppressWarnings("unchecked")
    static Object value(FieldType type, Object yaml) {
        if (yaml == null) return null;
        String text = yaml.toString();
        return switch (type.kind()) {
            case BOOLEAN -> Boolean.valueOf(text);
            case INT8 -> Byte.valueOf(text);
            case INT16 -> Short.valueOf(text);
            case INT32 -> Integer.valueOf(text);
            case INT64 -> Long.valueOf(text);
            case FLOAT32 -> Float.valueOf(text);
            case FLOAT64 -> Double.valueOf(text);
            case STRING, JSON, ENUM -> text;
            case BYTES -> Base64.getDecoder().decode(text);
            case DECIMAL -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP, TIMESTAMP_TZ -> Instant.parse(text);
            case UUID -> UUID.fromString(text);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object e : (List<Object>) yaml) list.add(value(((FieldType.Array) type).element(), e));
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<String, Object>) yaml).forEach((k, v) -> map.put(k, value(((FieldType.MapType) type).value(), v)));
                yield map;
            }
            case STRUCT -> row(((FieldType.Struct) type).schema(), (Map<String, Object>) yaml);
        };
    }

    /** A row's values as the notation writes them, for readable failure messages. */
    static Object notation(Object value) {
        if (value instanceof Row row) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < row.schema().size(); i++) m.put(row.schema().field(i).name(), notation(row.get(i)));
            return m;
        }
        if (value instanceof byte[] b) return Base64.getEncoder().encodeToString(b);
        if (value instanceof List<?> l) return l.stream().map(ExampleValues::notation).toList();
        return value;
    }

    /** A schema in the notation (types only, names of nested schemas left out), for comparisons. */
    static Map<String, Object> notation(RowSchema schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            String key = f.name();
            if (f.type() instanceof FieldType.Struct s) {
                m.put(f.optional() ? key + "?" : key, notation(s.schema()));
            } else {
                m.put(key, typeText(f.type()) + (f.optional() ? "?" : ""));
            }
        }
        return m;
    }

    static String typeText(FieldType type) {
        return switch (type.kind()) {
            case DECIMAL -> {
                FieldType.Decimal d = (FieldType.Decimal) type;
                yield "decimal(" + d.precision() + "," + d.scale() + ")";
            }
            case ENUM -> "enum(" + String.join("|", ((FieldType.Enum) type).symbols()) + ")";
            case ARRAY -> "array<" + typeText(((FieldType.Array) type).element()) + ">";
            case MAP -> "map<" + typeText(((FieldType.MapType) type).value()) + ">";
            case STRUCT -> notation(((FieldType.Struct) type).schema()).toString();
            default -> type.toString();
        };
    }
}
