package io.cdctoolkit.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders rows as plain JSON objects, field by field in schema order: the Debezium-shaped JSON of the
 * {@code disabled} registry mode, the stdout/file sinks and dead-letter records. Renderings are
 * chosen to be exact and readable (documented in docs/data-model.md):
 * decimal → string ({@code "12.30"}), date → {@code "2024-01-31"}, time → {@code "12:34:56.123456"},
 * timestamp / timestamp-tz → ISO-8601 UTC ({@code "2024-01-31T12:34:56.123456Z"}), bytes → base64,
 * uuid → string, json → the JSON text as a string, enum → its symbol, NaN/±Infinity → strings.
 */
public final class RowJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private RowJson() {
    }

    /** The row as UTF-8 JSON bytes. */
    public static byte[] toBytes(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(gen, row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render row of " + row.schema().name() + " as JSON", e);
        }
        return out.toByteArray();
    }

    /** The row as JSON text. */
    public static String toJson(Row row) {
        return new String(toBytes(row), StandardCharsets.UTF_8);
    }

    /** Writes the row as one JSON object to {@code gen}. */
    public static void write(JsonGenerator gen, Row row) throws IOException {
        RowSchema schema = row.schema();
        gen.writeStartObject();
        for (int i = 0; i < schema.size(); i++) {
            Field field = schema.field(i);
            gen.writeFieldName(field.name());
            writeValue(gen, field.type(), row.get(i));
        }
        gen.writeEndObject();
    }

    /** Writes one value of the given type. */
    public static void writeValue(JsonGenerator gen, FieldType type, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> gen.writeBoolean((Boolean) value);
            case INT8, INT16, INT32 -> gen.writeNumber(((Number) value).intValue());
            case INT64 -> gen.writeNumber(((Number) value).longValue());
            case FLOAT32, FLOAT64 -> {
                double d = ((Number) value).doubleValue();
                if (Double.isFinite(d)) {
                    if (value instanceof Float f) gen.writeNumber(f);
                    else gen.writeNumber(d);
                } else {
                    gen.writeString(Double.toString(d));
                }
            }
            case DECIMAL -> gen.writeString(((BigDecimal) value).toPlainString());
            case BYTES -> gen.writeString(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE -> gen.writeString(((LocalDate) value).toString());
            case TIME -> gen.writeString(((LocalTime) value).toString());
            case TIMESTAMP, TIMESTAMP_TZ -> gen.writeString(((Instant) value).toString());
            case STRING, JSON, ENUM, UUID -> gen.writeString(value.toString());
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                gen.writeStartArray();
                for (Object item : (List<?>) value) writeValue(gen, element, item);
                gen.writeEndArray();
            }
            case MAP -> {
                FieldType valueType = ((FieldType.MapType) type).value();
                gen.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    gen.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(gen, valueType, e.getValue());
                }
                gen.writeEndObject();
            }
            case STRUCT -> write(gen, (Row) value);
        }
    }
}
