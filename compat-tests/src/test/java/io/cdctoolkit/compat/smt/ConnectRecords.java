package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.debezium.data.Json;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.data.Uuid;
import io.debezium.jdbc.JdbcValueConverters.DecimalMode;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts our data model to the Kafka Connect record Debezium would hand to a Connect SMT for the
 * same change, with {@code time.precision.mode=connect} and {@code decimal.handling.mode=precise}:
 * the input the parity suite gives Connect's own transforms (docs/testing-transforms.md has the
 * type table).
 *
 * <p>Debezium's semantic types (Uuid, Json, Enum, the precise Decimal with its
 * {@code connect.decimal.precision} parameter) are built with Debezium's own schema builders so the
 * names, versions and parameters are exactly Debezium's. A value that Connect's type cannot hold
 * exactly (a microsecond in a time or timestamp, a decimal of another scale, a date outside Connect's
 * int32 days) is an {@link IllegalArgumentException} naming the field: converting it would round, and
 * a parity test on a rounded input proves nothing.
 *
 * <p>Schema optionality follows Debezium: every record-level schema (key, envelope, flat row) is a
 * required struct — Debezium 3.5's {@code ExtractNewRecordState} emits the flat row with a required
 * {@code …Value} schema although {@code before}/{@code after} hold it as an optional one (checked by
 * ConnectRecordsTest against the real transform). Array elements and map values are
 * optional schemas (our {@link FieldType.Array}/{@link FieldType.MapType} do not declare element
 * nullability; Debezium's PostgreSQL arrays use optional elements). Schemas carry no version (our
 * model has none).
 */
final class ConnectRecords {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private ConnectRecords() {
    }

    /** The required Connect struct schema of a row schema (name = the schema's name). */
    static Schema toConnect(RowSchema schema) {
        return toConnect(schema, false);
    }

    /** The Connect struct schema of a row schema, optional or required. */
    static Schema toConnect(RowSchema schema, boolean optional) {
        SchemaBuilder b = structBuilder(schema, schema.name());
        if (optional) b.optional();
        return b.build();
    }

    /** The row as a Connect struct of {@link #toConnect(RowSchema)}. */
    static Struct toConnect(Row row) {
        return toStruct(row, toConnect(row.schema()), "");
    }

    /** The row as a Connect struct of the given schema (built from the row's schema by this class). */
    static Struct toConnect(Row row, Schema schema) {
        return toStruct(row, schema, "");
    }

    /**
     * The event as the sink record a Connect worker would hand to an SMT: its topic, partition 0,
     * offset 0, key (null schema and value when the event has no key), value (null schema and value
     * for a tombstone, as Debezium emits), timestamp = source time in ms (null when absent) and the
     * headers as bytes (see {@link #toConnect(Headers)}).
     *
     * @throws IllegalArgumentException for an unreadable event, a source time with sub-millisecond
     *                                  precision, or a value Connect cannot hold exactly
     */
    static SinkRecord toConnect(ChangeEvent event) {
        if (event.isUnreadable()) {
            throw new IllegalArgumentException("an unreadable event has no Connect equivalent");
        }
        Schema keySchema = event.key() == null ? null : toConnect(event.key().schema());
        Struct key = event.key() == null ? null : toStruct(event.key(), keySchema, "key.");
        Schema valueSchema = event.value() == null ? null : toConnect(event.value().schema());
        Struct value = event.value() == null ? null : toStruct(event.value(), valueSchema, "");
        Long timestamp = event.sourceTimestamp() == null ? null : millis(event.sourceTimestamp(), "sourceTimestamp");
        return new SinkRecord(event.topic(), 0, keySchema, key, valueSchema, value, 0L, timestamp,
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                toConnect(event.headers()));
    }

    /**
     * Our headers as Connect headers, in order, each value its bytes under
     * {@link Schema#OPTIONAL_BYTES_SCHEMA}: what a worker whose {@code header.converter} is
     * {@code ByteArrayConverter} hands an SMT (a null value stays null).
     */
    static ConnectHeaders toConnect(Headers headers) {
        ConnectHeaders connect = new ConnectHeaders();
        for (Headers.Header h : headers) {
            connect.add(h.key(), h.value(), Schema.OPTIONAL_BYTES_SCHEMA);
        }
        return connect;
    }

    private static SchemaBuilder structBuilder(RowSchema schema, String path) {
        SchemaBuilder b = SchemaBuilder.struct().name(schema.name());
        for (Field f : schema.fields()) {
            b.field(f.name(), fieldSchema(f, path.isEmpty() ? f.name() : path + "." + f.name()));
        }
        return b;
    }

    private static Schema fieldSchema(Field field, String path) {
        SchemaBuilder b = typeBuilder(field.type(), path);
        if (field.optional()) b.optional();
        if (field.doc() != null) b.doc(field.doc());
        if (field.defaultValue() != null) {
            try {
                b.defaultValue(value(field.type(), field.defaultValue(), b, path));
            } catch (DataException e) {
                throw new IllegalArgumentException("field '" + path + "': default does not fit " + field.type(), e);
            }
        }
        return b.build();
    }

    private static SchemaBuilder typeBuilder(FieldType type, String path) {
        return switch (type.kind()) {
            case BOOLEAN -> SchemaBuilder.bool();
            case INT8 -> SchemaBuilder.int8();
            case INT16 -> SchemaBuilder.int16();
            case INT32 -> SchemaBuilder.int32();
            case INT64 -> SchemaBuilder.int64();
            case FLOAT32 -> SchemaBuilder.float32();
            case FLOAT64 -> SchemaBuilder.float64();
            case STRING -> SchemaBuilder.string();
            case BYTES -> SchemaBuilder.bytes();
            case DECIMAL -> {
                FieldType.Decimal d = (FieldType.Decimal) type;
                yield SpecialValueDecimal.builder(DecimalMode.PRECISE, d.precision(), d.scale());
            }
            case DATE -> org.apache.kafka.connect.data.Date.builder();
            case TIME -> Time.builder();
            case TIMESTAMP, TIMESTAMP_TZ -> Timestamp.builder();
            case UUID -> Uuid.builder();
            case JSON -> Json.builder();
            case ENUM -> io.debezium.data.Enum.builder(((FieldType.Enum) type).symbols());
            case ARRAY -> SchemaBuilder.array(elementSchema(((FieldType.Array) type).element(), path + "[]"));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA,
                    elementSchema(((FieldType.MapType) type).value(), path + "{}"));
            case STRUCT -> structBuilder(((FieldType.Struct) type).schema(), path);
        };
    }

    private static Schema elementSchema(FieldType type, String path) {
        return typeBuilder(type, path).optional().build();
    }

    private static Struct toStruct(Row row, Schema schema, String prefix) {
        Struct struct = new Struct(schema);
        RowSchema rowSchema = row.schema();
        for (int i = 0; i < rowSchema.size(); i++) {
            Field f = rowSchema.field(i);
            String path = prefix + f.name();
            org.apache.kafka.connect.data.Field connectField = schema.field(f.name());
            if (connectField == null) {
                throw new IllegalArgumentException("field '" + path + "' is not in the Connect schema " + schema.name());
            }
            Object value = value(f.type(), row.get(i), connectField.schema(), path);
            try {
                struct.put(connectField, value);
            } catch (DataException e) {
                throw new IllegalArgumentException("field '" + path + "': " + e.getMessage(), e);
            }
        }
        return struct;
    }

    /** Our Java value of {@code type} as Connect's value of {@code schema}; null stays null. */
    private static Object value(FieldType type, Object value, Schema schema, String path) {
        if (value == null) return null;
        return switch (type.kind()) {
            case BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, STRING, BYTES, JSON, ENUM -> value;
            case DECIMAL -> decimal((FieldType.Decimal) type, cast(value, BigDecimal.class, path), path);
            case DATE -> date(cast(value, LocalDate.class, path), path);
            case TIME -> time(cast(value, LocalTime.class, path), path);
            case TIMESTAMP, TIMESTAMP_TZ -> new java.util.Date(millis(cast(value, Instant.class, path), path));
            case UUID -> cast(value, UUID.class, path).toString();
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                List<?> list = cast(value, List.class, path);
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(value(element, list.get(i), schema.valueSchema(), path + "[" + i + "]"));
                }
                yield out;
            }
            case MAP -> {
                FieldType valueType = ((FieldType.MapType) type).value();
                Map<?, ?> map = cast(value, Map.class, path);
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k,
                        value(valueType, v, schema.valueSchema(), path + "[\"" + k + "\"]")));
                yield out;
            }
            case STRUCT -> toStruct(cast(value, Row.class, path), schema, path + ".");
        };
    }

    private static BigDecimal decimal(FieldType.Decimal type, BigDecimal value, String path) {
        // Connect's Decimal writes the unscaled value under the schema's scale: another scale would be
        // a different number (or a DataException), and rescaling here would hide a reader bug.
        if (value.scale() != type.scale()) {
            throw new IllegalArgumentException("field '" + path + "': decimal of scale " + value.scale()
                    + " in a column of scale " + type.scale());
        }
        return value;
    }

    private static java.util.Date date(LocalDate date, String path) {
        long days = date.toEpochDay();
        // Connect's Date is int32 days since the epoch (it casts without checking on the way out).
        if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + path + "': date outside Connect Date's int32 days");
        }
        return new java.util.Date(days * MILLIS_PER_DAY);
    }

    private static java.util.Date time(LocalTime time, String path) {
        long nanos = time.toNanoOfDay();
        if (nanos % 1_000_000 != 0) {
            throw new IllegalArgumentException("field '" + path
                    + "': time with sub-millisecond precision cannot be a Connect Time (ms) without rounding");
        }
        return new java.util.Date(nanos / 1_000_000);
    }

    private static long millis(Instant instant, String path) {
        if (instant.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("field '" + path
                    + "': timestamp with sub-millisecond precision cannot be a Connect Timestamp (ms) without rounding");
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + path + "': timestamp outside Connect Timestamp's range", e);
        }
    }

    private static <T> T cast(Object value, Class<T> type, String path) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("field '" + path + "' holds a " + value.getClass().getName()
                    + " where its type needs a " + type.getName());
        }
        return type.cast(value);
    }
}
