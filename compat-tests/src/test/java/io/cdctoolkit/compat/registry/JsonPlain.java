package io.cdctoolkit.compat.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a JSON document (as Apicurio's {@code JsonSchemaKafkaDeserializer} returns it) into plain
 * Java values by the JSON mapping docs/formats/json-schema.md promises: numbers, NaN/±Infinity as
 * strings, decimals as plain strings, bytes base64, ISO-8601 dates/times/instants, uuids as text.
 */
final class JsonPlain {

    private JsonPlain() {
    }

    static Map<String, Object> row(RowSchema schema, JsonNode node) {
        assertThat(node.isObject()).as("%s is an object", schema.name()).isTrue();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Field field = schema.field(name);
            assertThat(field).as("unexpected property '%s' in %s", name, schema.name()).isNotNull();
            out.put(name, plain(field.type(), node.get(name)));
        }
        return out;
    }

    static Object plain(FieldType type, JsonNode node) {
        if (node == null || node.isNull()) return null;
        return switch (type.kind()) {
            case STRUCT -> row(((FieldType.Struct) type).schema(), node);
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                node.forEach(e -> out.add(plain(((FieldType.Array) type).element(), e)));
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(((FieldType.MapType) type).value(), e.getValue())));
                yield out;
            }
            case BOOLEAN -> {
                assertThat(node.isBoolean()).isTrue();
                yield node.booleanValue();
            }
            case INT8, INT16, INT32, INT64 -> {
                assertThat(node.isIntegralNumber()).as("%s is an integer", node).isTrue();
                yield node.longValue();
            }
            case FLOAT32 -> node.isTextual() ? Float.parseFloat(node.textValue()) : (float) node.doubleValue();
            case FLOAT64 -> node.isTextual() ? Double.parseDouble(node.textValue()) : node.doubleValue();
            case DECIMAL -> new BigDecimal(text(node));
            case BYTES -> Base64.getDecoder().decode(text(node));
            case DATE -> LocalDate.parse(text(node));
            case TIME -> LocalTime.parse(text(node));
            case TIMESTAMP, TIMESTAMP_TZ -> Instant.parse(text(node));
            case UUID -> UUID.fromString(text(node));
            case STRING, JSON, ENUM -> text(node);
        };
    }

    private static String text(JsonNode node) {
        assertThat(node.isTextual()).as("%s is a string", node).isTrue();
        return node.textValue();
    }
}
