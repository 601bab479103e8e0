package io.cdctoolkit.schema.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.schema.format.PayloadReader;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads Avro datums of one writer schema (ours or any other producer's) with Avro's own
 * {@link GenericDatumReader} and renders them as JSON in the shape of
 * {@link io.cdctoolkit.engine.data.RowJson} (the {@code disabled} mode), so {@code tail} prints the
 * same JSON for an Avro topic and a JSON topic: decimals as exact strings, dates as
 * {@code yyyy-MM-dd}, times as {@code HH:mm:ss.SSSSSS}, timestamps (every timestamp logical type) as
 * UTC ISO-8601 with six fraction digits (nine when a nanosecond timestamp has sub-microsecond digits),
 * bytes and fixed as base64, uuids as text, NaN/±Infinity as strings, field names as the source spelt
 * them ({@link AvroProperties#ORIGINAL_NAME}). Anything else (a time of day outside one day, an
 * unknown logical type) comes out as its natural JSON.
 */
final class AvroPayloadReader implements PayloadReader {

    /** The same patterns as RowJson's (which keeps them private). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIMESTAMP_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Schema schema;
    /** A GenericData without conversions, so logical types arrive as their raw Avro values. */
    private final GenericData data = new GenericData();
    private final GenericDatumReader<Object> reader;

    AvroPayloadReader(Schema schema) {
        this.schema = schema;
        this.reader = new GenericDatumReader<>(schema, schema, data) {
            @Override
            protected Object newMap(Object old, int size) {
                // Entries in the order they were written (Avro's default HashMap would reorder them),
                // so a map prints as the JSON mode prints it.
                return new LinkedHashMap<>(Math.max(16, size * 2));
            }
        };
    }

    @Override
    public JsonNode read(byte[] bytes, int offset, int length) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, null);
        Object datum = reader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("the Avro datum of " + schema.getFullName()
                    + " ends before the payload does: written with another schema?");
        }
        return toJson(schema, datum);
    }

    private JsonNode toJson(Schema s, Object value) {
        if (value == null) return JSON.nullNode();
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case UNION:
                return toJson(s.getTypes().get(data.resolveUnion(s, value)), value);
            case RECORD: {
                IndexedRecord record = (IndexedRecord) value;
                ObjectNode node = JSON.objectNode();
                for (Schema.Field f : s.getFields()) {
                    String original = f.getProp(AvroProperties.ORIGINAL_NAME);
                    node.set(original != null ? original : f.name(), toJson(f.schema(), record.get(f.pos())));
                }
                return node;
            }
            case ARRAY: {
                ArrayNode node = JSON.arrayNode();
                for (Object item : (Collection<?>) value) node.add(toJson(s.getElementType(), item));
                return node;
            }
            case MAP: {
                ObjectNode node = JSON.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    node.set(e.getKey().toString(), toJson(s.getValueType(), e.getValue()));
                }
                return node;
            }
            case ENUM:
            case STRING:
                return JSON.textNode(value.toString());
            case BYTES:
                return bytes(logical, toArray((ByteBuffer) value));
            case FIXED: {
                byte[] fixed = ((GenericFixed) value).bytes();
                if (logical != null && "uuid".equals(logical.getName()) && fixed.length == 16) {
                    ByteBuffer b = ByteBuffer.wrap(fixed);
                    return JSON.textNode(new UUID(b.getLong(), b.getLong()).toString());
                }
                return bytes(logical, fixed);
            }
            case INT: {
                int i = (Integer) value;
                if (logical instanceof LogicalTypes.Date) return JSON.textNode(LocalDate.ofEpochDay(i).toString());
                if (logical instanceof LogicalTypes.TimeMillis && i >= 0 && i < 86_400_000) {
                    return JSON.textNode(TIME.format(LocalTime.ofNanoOfDay(i * 1_000_000L)));
                }
                return JSON.numberNode(i);
            }
            case LONG:
                return longValue(logical, (Long) value);
            case FLOAT: {
                float f = (Float) value;
                return Float.isFinite(f) ? JSON.numberNode(f) : JSON.textNode(Double.toString(f));
            }
            case DOUBLE: {
                double d = (Double) value;
                return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(Double.toString(d));
            }
            case BOOLEAN:
                return JSON.booleanNode((Boolean) value);
            case NULL:
            default:
                return JSON.nullNode();
        }
    }

    private static JsonNode bytes(LogicalType logical, byte[] bytes) {
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return JSON.textNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()).toPlainString());
        }
        return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonNode longValue(LogicalType logical, long v) {
        if (logical == null) return JSON.numberNode(v);
        if (logical instanceof LogicalTypes.TimeMicros && v >= 0 && v < 86_400_000_000L) return JSON.textNode(TIME.format(LocalTime.ofNanoOfDay(v * 1000)));
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return JSON.textNode(TIMESTAMP.format(Instant.ofEpochMilli(v)));
        }
        if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
            return JSON.textNode(TIMESTAMP.format(
                    Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000)));
        }
        if (logical instanceof LogicalTypes.TimestampNanos || logical instanceof LogicalTypes.LocalTimestampNanos) {
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
            return JSON.textNode((instant.getNano() % 1000 == 0 ? TIMESTAMP : TIMESTAMP_NANOS).format(instant));
        }
        return JSON.numberNode(v);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
