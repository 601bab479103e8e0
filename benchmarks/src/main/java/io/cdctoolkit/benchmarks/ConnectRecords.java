package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Our change events as the Kafka Connect records Debezium would hand to a Connect SMT chain: the same
 * key and envelope as {@link Struct}s, decimals as Connect {@code Decimal} (with Debezium's
 * {@code connect.decimal.precision} parameter), timestamps as Connect {@code Timestamp}. One Connect
 * schema per our schema (instances shared between records, as a connector shares them, so Connect's
 * per-schema caches behave as in production).
 *
 * <p>Deliberately small (the benchmark needs only the workload's types); compat-tests has the full
 * conversion, but the benchmarks module must not depend on test code.
 */
final class ConnectRecords {

    private final Map<RowSchema, Schema> schemas = new IdentityHashMap<>();
    private final Map<RowSchema, Schema> optionalSchemas = new IdentityHashMap<>();

    /** The Connect record of {@code event}, at Kafka offset {@code offset} of partition 0. */
    SinkRecord toSinkRecord(ChangeEvent event, long offset) {
        Row key = event.key();
        Row value = event.value();
        Schema keySchema = key == null ? null : schema(key.schema());
        Schema valueSchema = value == null ? null : schema(value.schema());
        Long timestamp = event.sourceTimestamp() == null ? null : event.sourceTimestamp().toEpochMilli();
        return new SinkRecord(event.topic(), 0, keySchema, key == null ? null : struct(keySchema, key),
                valueSchema, value == null ? null : struct(valueSchema, value), offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private Schema schema(RowSchema rowSchema) {
        return schema(rowSchema, false);
    }

    /** One Connect schema per row schema and optionality, so {@code before} and {@code after} share one. */
    private Schema schema(RowSchema rowSchema, boolean optional) {
        Map<RowSchema, Schema> cache = optional ? optionalSchemas : schemas;
        Schema known = cache.get(rowSchema);
        if (known != null) return known;
        SchemaBuilder builder = SchemaBuilder.struct().name(rowSchema.name());
        for (Field field : rowSchema.fields()) {
            builder.field(field.name(), fieldSchema(field));
        }
        if (optional) builder.optional();
        Schema built = builder.build();
        cache.put(rowSchema, built);
        return built;
    }

    private Schema fieldSchema(Field field) {
        if (field.type() instanceof FieldType.Struct struct) return schema(struct.schema(), field.optional());
        SchemaBuilder builder = primitiveSchema(field);
        if (field.optional()) builder.optional();
        return builder.build();
    }

    private static SchemaBuilder primitiveSchema(Field field) {
        FieldType type = field.type();
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
                FieldType.Decimal decimal = (FieldType.Decimal) type;
                yield Decimal.builder(decimal.scale())
                        .parameter("connect.decimal.precision", Integer.toString(decimal.precision()));
            }
            case DATE -> Date.builder();
            case TIMESTAMP, TIMESTAMP_TZ -> Timestamp.builder();
            default -> throw new IllegalArgumentException("field '" + field.name() + "': type " + type
                    + " is not used by the benchmark workload");
        };
    }

    private static Struct struct(Schema schema, Row row) {
        Struct struct = new Struct(schema);
        RowSchema rowSchema = row.schema();
        for (int i = 0; i < rowSchema.size(); i++) {
            Object value = row.get(i);
            if (value == null) continue;
            org.apache.kafka.connect.data.Field field = schema.fields().get(i);
            struct.put(field, connectValue(rowSchema.field(i), field.schema(), value));
        }
        return struct;
    }

    private static Object connectValue(Field field, Schema schema, Object value) {
        return switch (field.type().kind()) {
            case STRUCT -> struct(schema, (Row) value);
            case DATE -> java.util.Date.from(((LocalDate) value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            case TIMESTAMP, TIMESTAMP_TZ -> {
                Instant instant = (Instant) value;
                // Connect's Timestamp holds milliseconds: a finer value would be truncated, so refuse it.
                if (instant.getNano() % 1_000_000 != 0) {
                    throw new IllegalArgumentException("field '" + field.name()
                            + "': sub-millisecond timestamp cannot be a Connect Timestamp");
                }
                yield java.util.Date.from(instant);
            }
            default -> value;
        };
    }
}
