package io.cdctoolkit.compat.registry;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an Avro consumer makes of a generic datum (as Apicurio's {@code AvroKafkaDeserializer}
 * returns it: no logical-type conversions), turned into plain Java values by the writer schema's
 * logical types — the Avro specification's meaning of each, written out here by hand:
 * decimal = unscaled two's-complement bytes at the schema's scale, date = days since 1970-01-01,
 * time-micros = µs since midnight, timestamp-micros = µs since the epoch (UTC), uuid = its text.
 */
final class AvroPlain {

    private AvroPlain() {
    }

    static Object plain(Schema schema, Object value) {
        if (value == null) return null;
        if (schema.getType() == Schema.Type.UNION) {
            schema = schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field f : schema.getFields()) fields.put(f.name(), plain(f.schema(), record.get(f.pos())));
                return fields;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) value) out.add(plain(schema.getElementType(), e));
                return out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(e.getKey().toString(), plain(schema.getValueType(), e.getValue()));
                }
                return out;
            }
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                if (logical instanceof LogicalTypes.Decimal d) return new BigDecimal(new BigInteger(bytes), d.getScale());
                return bytes;
            }
            case INT -> {
                if (logical instanceof LogicalTypes.Date) return LocalDate.ofEpochDay((Integer) value);
                return value;
            }
            case LONG -> {
                long n = (Long) value;
                if (logical instanceof LogicalTypes.TimeMicros) return LocalTime.ofNanoOfDay(n * 1_000);
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1_000);
                }
                return n;
            }
            case STRING -> {
                String text = value.toString();
                return logical != null && "uuid".equals(logical.getName()) ? UUID.fromString(text) : text;
            }
            case ENUM -> {
                return value.toString();
            }
            default -> {
                return value; // boolean, float, double
            }
        }
    }
}
