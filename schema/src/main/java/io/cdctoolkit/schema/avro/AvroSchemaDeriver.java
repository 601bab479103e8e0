package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.SchemaNames;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives the Avro schema of one top-level row schema (docs/formats/avro.md has the table). One
 * instance per derivation: it remembers the named types it defined so that
 * <ul>
 *   <li>a nested row schema that appears twice (an envelope's {@code before} and {@code after}) is
 *       defined once and referenced by name afterwards (Avro forbids redefining a name), and</li>
 *   <li>two different schemas that would get the same name are told apart deterministically: the
 *       second gets {@code _2}, the third {@code _3}, … in field order, depth first.</li>
 * </ul>
 */
final class AvroSchemaDeriver {

    private final String topic;
    /** Full names already used by a record or an enum. */
    private final Set<String> usedNames = new HashSet<>();
    /** Records already defined, by row schema (equal schemas share one definition). */
    private final Map<RowSchema, Schema> records = new HashMap<>();
    /** Enums already defined, by their wanted name and symbols. */
    private final Map<List<Object>, Schema> enums = new HashMap<>();

    private AvroSchemaDeriver(String topic) {
        this.topic = topic;
    }

    /** The Avro schema for rows of {@code schema} on {@code topic} (see {@link SchemaNames}). */
    static Schema derive(String topic, boolean key, RowSchema schema) {
        AvroSchemaDeriver deriver = new AvroSchemaDeriver(topic);
        Schema derived = deriver.record(schema, SchemaNames.topLevel(topic, key, schema), !key && Envelope.isEnvelope(schema));
        // A registry receives the text: make sure Avro parses it back, defaults included (a NaN
        // default, for one, is valid in Avro's object model but not as text in a union).
        try {
            new Schema.Parser().parse(derived.toString());
        } catch (AvroRuntimeException e) {
            throw new IllegalArgumentException("the Avro schema derived for " + derived.getFullName()
                    + " is not valid Avro text: " + e.getMessage(), e);
        }
        return derived;
    }

    private Schema record(RowSchema rowSchema, String wantedName, boolean envelope) {
        Schema known = records.get(rowSchema);
        if (known != null) return known;
        String fullName = claim(wantedName);
        Schema record = Schema.createRecord(SchemaNames.simpleName(fullName), null,
                SchemaNames.namespace(fullName), false);
        records.put(rowSchema, record);
        String[] names = fieldNames(rowSchema);
        List<Schema.Field> fields = new ArrayList<>(rowSchema.size());
        for (int i = 0; i < rowSchema.size(); i++) {
            Field field = rowSchema.field(i);
            boolean tableRow = envelope && (i == Envelope.BEFORE_INDEX || i == Envelope.AFTER_INDEX);
            Schema type = tableRow
                    ? record(((FieldType.Struct) field.type()).schema(), SchemaNames.envelopeRow(topic), false)
                    : type(field.type(), fullName, names[i]);
            fields.add(field(field, names[i], type));
        }
        record.setFields(fields);
        return record;
    }

    /**
     * Avro-safe, unique field names in field order. Names that are already safe are kept as they are;
     * a name that had to change and then meets another gets {@code _2}, {@code _3}, …
     */
    private static String[] fieldNames(RowSchema rowSchema) {
        String[] names = new String[rowSchema.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = rowSchema.field(i).name();
            if (SchemaNames.safeSegment(name).equals(name)) {
                names[i] = name;
                used.add(name);
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) continue;
            String base = SchemaNames.safeSegment(rowSchema.field(i).name());
            String candidate = base;
            for (int n = 2; used.contains(candidate); n++) candidate = base + "_" + n;
            names[i] = candidate;
            used.add(candidate);
        }
        return names;
    }

    private Schema.Field field(Field field, String avroName, Schema type) {
        Schema schema = type;
        Object avroDefault = null;
        boolean hasDefault = field.defaultValue() != null;
        try {
            if (hasDefault) avroDefault = AvroDefaults.toAvro(field.type(), type, field.defaultValue(), field.name());
            if (field.optional()) {
                // The Avro spec ties a union's default to its first branch: null first unless the
                // column has a default of its own (Confluent's AvroData does the same).
                schema = hasDefault
                        ? Schema.createUnion(type, Schema.create(Schema.Type.NULL))
                        : Schema.createUnion(Schema.create(Schema.Type.NULL), type);
                if (!hasDefault) avroDefault = JsonProperties.NULL_VALUE;
            }
            Schema.Field avroField = new Schema.Field(avroName, schema, field.doc(), avroDefault);
            if (!avroName.equals(field.name())) avroField.addProp(AvroProperties.ORIGINAL_NAME, field.name());
            return avroField;
        } catch (AvroRuntimeException | ClassCastException e) {
            throw new IllegalArgumentException("field '" + field.name() + "': its default cannot be an Avro default of "
                    + field.type() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The Avro type of a value (never a union: optionality is the field's business). */
    private Schema type(FieldType type, String recordName, String fieldName) {
        return switch (type.kind()) {
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case INT8 -> withProp(Schema.create(Schema.Type.INT), AvroProperties.CONNECT_TYPE, "int8");
            case INT16 -> withProp(Schema.create(Schema.Type.INT), AvroProperties.CONNECT_TYPE, "int16");
            case INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case STRING -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case DECIMAL -> {
                FieldType.Decimal d = (FieldType.Decimal) type;
                yield LogicalTypes.decimal(d.precision(), d.scale()).addToSchema(Schema.create(Schema.Type.BYTES));
            }
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case TIMESTAMP -> withProp(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)),
                    AvroProperties.CDC_TYPE, "timestamp");
            case TIMESTAMP_TZ -> withProp(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)),
                    AvroProperties.CDC_TYPE, "timestamp_tz");
            case UUID -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case JSON -> {
                Schema s = withProp(Schema.create(Schema.Type.STRING), AvroProperties.CONNECT_NAME, AvroProperties.DEBEZIUM_JSON);
                s.addProp(AvroProperties.CONNECT_VERSION, 1);
                yield s;
            }
            case ENUM -> enumType((FieldType.Enum) type, recordName, fieldName);
            // Elements and map values are nullable: database arrays hold NULL elements (Debezium's
            // array schemas have optional elements too).
            case ARRAY -> Schema.createArray(nullable(type(((FieldType.Array) type).element(), recordName, fieldName)));
            case MAP -> Schema.createMap(nullable(type(((FieldType.MapType) type).value(), recordName, fieldName)));
            case STRUCT -> {
                RowSchema nested = ((FieldType.Struct) type).schema();
                yield record(nested, SchemaNames.safe(nested.name()), false);
            }
        };
    }

    /**
     * An Avro enum named {@code <record namespace>.<record>_<field>} when every symbol is an Avro
     * name (and they are distinct); otherwise a string carrying the symbols in
     * {@link AvroProperties#ENUM_SYMBOLS}, because Avro cannot spell them.
     */
    private Schema enumType(FieldType.Enum type, String recordName, String fieldName) {
        List<String> symbols = type.symbols();
        boolean avroNames = !symbols.isEmpty() && new LinkedHashSet<>(symbols).size() == symbols.size()
                && symbols.stream().allMatch(s -> SchemaNames.safeSegment(s).equals(s));
        if (!avroNames) {
            Schema s = Schema.create(Schema.Type.STRING);
            s.addProp(AvroProperties.ENUM_SYMBOLS, symbols);
            return s;
        }
        String wanted = recordName + "_" + fieldName;
        List<Object> key = List.of(wanted, symbols);
        Schema known = enums.get(key);
        if (known != null) return known;
        String fullName = claim(wanted);
        Schema e = Schema.createEnum(SchemaNames.simpleName(fullName), null, SchemaNames.namespace(fullName), symbols);
        enums.put(key, e);
        return e;
    }

    /** {@code wanted}, or {@code wanted_2}, {@code wanted_3}, … when a different type already has it. */
    private String claim(String wanted) {
        String candidate = wanted;
        for (int n = 2; !usedNames.add(candidate); n++) candidate = wanted + "_" + n;
        return candidate;
    }

    private static Schema nullable(Schema type) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), type);
    }

    private static Schema withProp(Schema schema, String name, String value) {
        schema.addProp(name, value);
        return schema;
    }
}
