package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.SchemaNames;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static io.cdctoolkit.schema.jsonschema.JsonSchemaKeywords.CDC_PRECISION;
import static io.cdctoolkit.schema.jsonschema.JsonSchemaKeywords.CDC_SCALE;
import static io.cdctoolkit.schema.jsonschema.JsonSchemaKeywords.CDC_TYPE;
import static io.cdctoolkit.schema.jsonschema.JsonSchemaKeywords.CONNECT_INDEX;
import static io.cdctoolkit.schema.jsonschema.JsonSchemaKeywords.CONNECT_TYPE;

/**
 * Derives the draft-07 JSON Schema document that describes exactly what {@link RowJson} writes for
 * rows of one {@link RowSchema} (the payload of the JSON Schema format is RowJson's output). One
 * instance per derivation: it collects the {@code definitions} of the nested rows as it goes.
 *
 * <p>Choices (docs/formats/json-schema.md explains them to users):
 * <ul>
 *   <li>Nullable values are {@code oneOf: [{"type": "null"}, T]}: the form Confluent's own converter
 *       writes and reads back as an optional field, and one that wraps any T (a {@code $ref}, a
 *       {@code oneOf}) — {@code type: [T, "null"]} cannot. Optional fields are not {@code required}.</li>
 *   <li>Rows are closed ({@code additionalProperties: false}): under Confluent's rules adding an
 *       optional property to a closed object is backward compatible, so {@code ADD COLUMN} passes
 *       the default BACKWARD level (an open object would fail it).</li>
 *   <li>Every nested row is a {@code definitions} entry used through {@code $ref}, so an envelope's
 *       {@code before} and {@code after} share one definition.</li>
 *   <li>Array elements and map values may be null (RowJson writes a null element as {@code null},
 *       and database arrays hold them).</li>
 * </ul>
 */
final class JsonSchemaDeriver {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode definitions = NODES.objectNode();
    /** The definition name of each nested row schema seen so far (equal schemas share one). */
    private final Map<RowSchema, String> definitionNames = new HashMap<>();

    private JsonSchemaDeriver() {
    }

    /** The JSON Schema document for rows of {@code schema} on {@code topic}. */
    static ObjectNode derive(String topic, boolean key, RowSchema schema) {
        JsonSchemaDeriver deriver = new JsonSchemaDeriver();
        if (!key && Envelope.isEnvelope(schema)) {
            // before/after get the table row's name in Debezium's style, whatever the reader named them.
            deriver.reserve(Envelope.rowSchema(schema), SchemaNames.envelopeRow(topic));
        }
        ObjectNode root = NODES.objectNode();
        root.put("$schema", JsonSchemaKeywords.DRAFT_07);
        ObjectNode body = deriver.object(SchemaNames.topLevel(topic, key, schema), schema, "");
        root.setAll(body);
        if (!deriver.definitions.isEmpty()) root.set("definitions", deriver.definitions);
        return root;
    }

    /** A closed object schema for one row, its properties in field order. */
    private ObjectNode object(String title, RowSchema schema, String path) {
        ObjectNode node = NODES.objectNode();
        node.put("title", title);
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (int i = 0; i < schema.size(); i++) {
            Field field = schema.field(i);
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            properties.set(field.name(), property(field, i, fieldPath));
            if (!field.optional()) required.add(field.name());
        }
        if (!required.isEmpty()) node.set("required", required);
        node.put("additionalProperties", false);
        return node;
    }

    /** One property: the field's type, nullable when optional, with index, doc and default. */
    private ObjectNode property(Field field, int index, String path) {
        ObjectNode type = type(field.type(), path);
        ObjectNode property = field.optional() ? nullable(type) : type;
        property.put(CONNECT_INDEX, index);
        if (field.doc() != null) property.put("description", field.doc());
        if (field.defaultValue() != null) property.set("default", defaultValue(field, path));
        return property;
    }

    private static ObjectNode nullable(JsonNode type) {
        ObjectNode node = NODES.objectNode();
        ArrayNode oneOf = node.putArray("oneOf");
        oneOf.addObject().put("type", "null");
        oneOf.add(type);
        return node;
    }

    /** The schema of one (non-null) value of {@code type}, exactly as RowJson renders it. */
    private ObjectNode type(FieldType type, String path) {
        ObjectNode node = NODES.objectNode();
        switch (type.kind()) {
            case BOOLEAN -> node.put("type", "boolean");
            case INT8 -> integer(node, "int8", Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16 -> integer(node, "int16", Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32 -> integer(node, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> node.put("type", "integer").put(CONNECT_TYPE, "int64");
            case FLOAT32, FLOAT64 -> {
                // RowJson writes NaN and ±Infinity as strings (JSON numbers cannot hold them).
                String connectType = type.kind() == FieldType.Kind.FLOAT32 ? "float32" : "float64";
                ArrayNode oneOf = node.putArray("oneOf");
                oneOf.addObject().put("type", "number").put(CONNECT_TYPE, connectType);
                ArrayNode symbols = oneOf.addObject().putArray("enum");
                for (String s : JsonSchemaKeywords.NON_FINITE) symbols.add(s);
            }
            case STRING -> node.put("type", "string");
            case BYTES -> node.put("type", "string").put("contentEncoding", "base64").put(CONNECT_TYPE, "bytes");
            case DECIMAL -> {
                // A plain decimal string ("12.30"): a JSON number would lose digits in most readers.
                FieldType.Decimal d = (FieldType.Decimal) type;
                node.put("type", "string").put("pattern", JsonSchemaKeywords.DECIMAL_PATTERN);
                node.put(CDC_PRECISION, d.precision()).put(CDC_SCALE, d.scale());
            }
            // The patterns pin RowJson's exact shapes; they also make everit (which accepts a signed
            // five-digit year as a "date" and ignores "uuid" in draft-07) reject what RFC 3339 cannot say.
            case DATE -> node.put("type", "string").put("format", "date").put("pattern", JsonSchemaKeywords.DATE_PATTERN);
            // No "format": "time": RFC 3339 times carry an offset, and TIME is a local time of day.
            case TIME -> node.put("type", "string").put("pattern", JsonSchemaKeywords.TIME_PATTERN);
            case TIMESTAMP, TIMESTAMP_TZ -> node.put("type", "string").put("format", "date-time")
                    .put("pattern", JsonSchemaKeywords.TIMESTAMP_PATTERN);
            case UUID -> node.put("type", "string").put("format", "uuid").put("pattern", JsonSchemaKeywords.UUID_PATTERN);
            // The JSON column's text, as a string (what RowJson writes), not an embedded JSON value.
            case JSON -> node.put("type", "string").put("contentMediaType", "application/json");
            case ENUM -> {
                // No "type" beside "enum": Confluent's converter reads a bare enum as a string enum.
                FieldType.Enum e = (FieldType.Enum) type;
                if (e.symbols().isEmpty()) {
                    node.put("type", "string");
                } else {
                    ArrayNode symbols = node.putArray("enum");
                    e.symbols().forEach(symbols::add);
                }
            }
            case ARRAY -> {
                node.put("type", "array");
                node.set("items", nullable(type(((FieldType.Array) type).element(), path + "[]")));
            }
            case MAP -> {
                node.put("type", "object");
                node.set("additionalProperties", nullable(type(((FieldType.MapType) type).value(), path + "[]")));
                node.put(CONNECT_TYPE, "map");
            }
            case STRUCT -> {
                // A $ref takes no sibling keywords in draft-07, so no cdc.type here: the definition's title names it.
                return node.put("$ref", "#/definitions/" + definition(((FieldType.Struct) type).schema(), path));
            }
        }
        node.put(CDC_TYPE, type.kind().name().toLowerCase(Locale.ROOT));
        return node;
    }

    private static void integer(ObjectNode node, String connectType, long min, long max) {
        // The range makes validation catch a value that does not fit its declared width.
        node.put("type", "integer").put("minimum", min).put("maximum", max).put(CONNECT_TYPE, connectType);
    }

    /** The definition name of a nested row, defining it on first sight. */
    private String definition(RowSchema schema, String path) {
        String name = definitionNames.get(schema);
        if (name != null && definitions.has(name)) return name;
        if (name == null) name = reserve(schema, SchemaNames.safe(schema.name()));
        ObjectNode slot = definitions.putObject(name); // first sight fixes the order of definitions
        slot.setAll(object(name, schema, path));
        return name;
    }

    /** Reserves a definition name for {@code schema}; two different rows of one name get _2, _3 … */
    private String reserve(RowSchema schema, String wanted) {
        String name = wanted;
        for (int n = 2; definitionNames.containsValue(name); n++) name = wanted + "_" + n;
        definitionNames.put(schema, name);
        return name;
    }

    /** The field's default as RowJson would write the value, so it has the payload's shape. */
    private static JsonNode defaultValue(Field field, String path) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            RowJson.writeValue(buffer, field.type(), field.defaultValue());
            return MAPPER.readTree(buffer.asParser());
        } catch (ClassCastException | IOException e) {
            throw new IllegalArgumentException("the default of field '" + path + "' is not a value of its type "
                    + field.type(), e);
        }
    }
}
