package io.cdctoolkit.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders rows as plain JSON objects, field by field in schema order: the Debezium-shaped JSON of the
 * {@code disabled} registry mode, the stdout/file sinks and dead-letter records. Renderings are
 * chosen to be exact and readable (documented in docs/data-model.md):
 * decimal → string ({@code "12.30"}), date → {@code "2024-01-31"}, time → always six fraction digits
 * ({@code "12:00:00.000000"}), timestamp / timestamp-tz → ISO-8601 UTC, always six fraction digits
 * ({@code "2024-01-31T12:00:00.000000Z"}), whatever the value's seconds and fraction; bytes → base64,
 * uuid → string, json → the JSON text as a string, enum → its symbol, NaN/±Infinity → strings.
 */
public final class RowJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** ISO-8601 in UTC with six fraction digits; years past 9999 get a sign, as ISO-8601 says. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

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

    /** A compiled renderer for rows of {@code schema} (see {@link Plan}). */
    public static Plan plan(RowSchema schema) {
        return new Plan(schema);
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
            case TIME -> writeTime(gen, (LocalTime) value);
            case TIMESTAMP, TIMESTAMP_TZ -> writeTimestamp(gen, (Instant) value);
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

    /**
     * One growable buffer, reused for row after row by {@link Plan#toBytes(Row, Output)}: a new
     * buffer (and, before, a Jackson generator) for every key and value was a tenth of the JSON
     * encoder's time. For one thread at a time; every row starts from an empty buffer, so a
     * half-written failed row never leaks into the next.
     */
    public static final class Output {
        private final JsonUtf8Text text = new JsonUtf8Text(1024);

        byte[] render(Plan plan, Row row) {
            text.reset();
            plan.writeTo(text, row);
            return text.toBytes();
        }
    }

    /** {@link #TIMESTAMP}'s text: {@link TimeText} for years 0000-9999, else the formatter (the same text). */
    private static void writeTimestamp(JsonGenerator gen, Instant instant) throws IOException {
        long second = instant.getEpochSecond();
        if (!TimeText.writable(second)) {
            gen.writeString(TIMESTAMP.format(instant));
            return;
        }
        byte[] text = new byte[TimeText.TIMESTAMP_LENGTH];
        TimeText.timestamp(text, 0, second, instant.getNano() / 1_000);
        gen.writeString(new String(text, StandardCharsets.ISO_8859_1));
    }

    /** {@code HH:mm:ss.SSSSSS}, one fixed shape for every time value, by {@link TimeText}. */
    private static void writeTime(JsonGenerator gen, LocalTime time) throws IOException {
        byte[] text = new byte[TimeText.TIME_LENGTH];
        TimeText.time(text, 0, time.toSecondOfDay(), time.getNano() / 1_000);
        gen.writeString(new String(text, StandardCharsets.ISO_8859_1));
    }

    /**
     * Renders rows of one schema: each field's {@code "name":} (with the comma before it) is encoded
     * once, and the values are written straight into UTF-8 bytes ({@link JsonUtf8Text}), so the per-row
     * work is the values alone. Made once per schema and cached by encoders; the output is byte for
     * byte that of {@link #toBytes(Row)} (Jackson's generator). Thread-safe (holds no per-call state).
     */
    public static final class Plan {
        private final RowSchema schema;
        private final SerializableString[] names;
        private final byte[][] nameTexts;
        private final FieldType[] types;
        private final FieldType.Kind[] kinds;
        private final Plan[] nested;

        private Plan(RowSchema schema) {
            this.schema = schema;
            int n = schema.size();
            this.names = new SerializableString[n];
            this.nameTexts = new byte[n][];
            this.types = new FieldType[n];
            this.kinds = new FieldType.Kind[n];
            this.nested = new Plan[n];
            for (int i = 0; i < n; i++) {
                Field f = schema.field(i);
                names[i] = new SerializedString(f.name());
                nameTexts[i] = nameText(i == 0 ? "\"" : ",\"", names[i]);
                types[i] = f.type();
                kinds[i] = f.type().kind();
                if (f.type() instanceof FieldType.Struct s) nested[i] = new Plan(s.schema());
            }
        }

        private static byte[] nameText(String before, SerializableString name) {
            byte[] quoted = name.asQuotedUTF8();
            byte[] text = new byte[before.length() + quoted.length + 2];
            for (int i = 0; i < before.length(); i++) text[i] = (byte) before.charAt(i);
            System.arraycopy(quoted, 0, text, before.length(), quoted.length);
            text[text.length - 2] = '"';
            text[text.length - 1] = ':';
            return text;
        }

        /** The row (of this plan's schema) as UTF-8 JSON bytes. */
        public byte[] toBytes(Row row) {
            JsonUtf8Text text = new JsonUtf8Text(64 + 32 * names.length);
            writeTo(text, row);
            return text.toBytes();
        }

        /**
         * The row as UTF-8 JSON bytes, written through {@code output} (which keeps its buffer from
         * row to row); the same bytes as {@link #toBytes(Row)}.
         */
        public byte[] toBytes(Row row, Output output) {
            return output.render(this, row);
        }

        /** Writes the row as one JSON object through a Jackson generator (the same text as {@link #toBytes(Row)}). */
        public void write(JsonGenerator gen, Row row) throws IOException {
            checkSchema(row);
            gen.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                gen.writeFieldName(names[i]);
                Object value = row.get(i);
                if (nested[i] != null && value != null) nested[i].write(gen, (Row) value);
                else writeValue(gen, types[i], value);
            }
            gen.writeEndObject();
        }

        void writeTo(JsonUtf8Text text, Row row) {
            checkSchema(row);
            text.raw('{');
            for (int i = 0; i < nameTexts.length; i++) {
                text.raw(nameTexts[i]);
                Object value = row.get(i);
                if (value == null) text.nullValue();
                else if (nested[i] != null) nested[i].writeTo(text, (Row) value);
                else writeValue(text, kinds[i], types[i], value);
            }
            text.raw('}');
        }

        private void checkSchema(Row row) {
            if (row.schema() != schema && !row.schema().equals(schema)) {
                throw new IllegalArgumentException("row of " + row.schema().name() + " given to the plan of "
                        + schema.name());
            }
        }
    }

    /**
     * {@link #writeValue(JsonGenerator, FieldType, Object)}'s text, into bytes; {@code value} is not null.
     * Kept small (each kind's writer a method of its own, the nested kinds out of line) so the JIT can
     * inline it into {@link Plan#writeTo}: at 642 bytes of bytecode it was "hot method too big" for C2 there,
     * a call per field.
     */
    private static void writeValue(JsonUtf8Text text, FieldType.Kind kind, FieldType type, Object value) {
        switch (kind) {
            case STRING, JSON, ENUM -> text.string(value instanceof String s ? s : value.toString());
            case INT64 -> text.number(((Number) value).longValue());
            case INT8, INT16, INT32 -> text.number(((Number) value).intValue());
            case DECIMAL -> writeDecimal(text, (BigDecimal) value);
            case TIMESTAMP, TIMESTAMP_TZ -> writeTimestamp(text, (Instant) value);
            case BOOLEAN -> text.bool((Boolean) value);
            case UUID -> writeUuid(text, value);
            case DATE -> writeDate(text, (LocalDate) value);
            case TIME -> writeTime(text, (LocalTime) value);
            case FLOAT32, FLOAT64 -> writeFloat(text, value);
            case BYTES -> text.string(Base64.getEncoder().encodeToString((byte[]) value));
            case ARRAY, MAP, STRUCT -> writeNested(text, kind, type, value);
        }
    }

    private static void writeTimestamp(JsonUtf8Text text, Instant instant) {
        long second = instant.getEpochSecond();
        if (TimeText.writable(second)) text.timestamp(second, instant.getNano() / 1_000);
        else text.string(TIMESTAMP.format(instant));
    }

    private static void writeTime(JsonUtf8Text text, LocalTime time) {
        text.time(time.toSecondOfDay(), time.getNano() / 1_000);
    }

    private static void writeDate(JsonUtf8Text text, LocalDate date) {
        if (TimeText.writableYear(date.getYear())) text.date(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        else text.string(date.toString());
    }

    private static void writeUuid(JsonUtf8Text text, Object value) {
        if (value instanceof java.util.UUID uuid) text.uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        else text.string(value.toString());
    }

    private static void writeFloat(JsonUtf8Text text, Object value) {
        double d = ((Number) value).doubleValue();
        if (!Double.isFinite(d)) text.string(Double.toString(d));
        else if (value instanceof Float f) text.asciiRaw(Float.toString(f));
        else text.asciiRaw(Double.toString(d));
    }

    private static void writeNested(JsonUtf8Text text, FieldType.Kind kind, FieldType type, Object value) {
        switch (kind) {
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                text.raw('[');
                boolean first = true;
                for (Object item : (List<?>) value) {
                    if (!first) text.raw(',');
                    first = false;
                    writeNullable(text, element, item);
                }
                text.raw(']');
            }
            case MAP -> {
                FieldType valueType = ((FieldType.MapType) type).value();
                text.raw('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    if (!first) text.raw(',');
                    first = false;
                    text.string(String.valueOf(e.getKey()));
                    text.raw(':');
                    writeNullable(text, valueType, e.getValue());
                }
                text.raw('}');
            }
            case STRUCT -> {
                Row row = (Row) value;
                RowSchema schema = row.schema();
                text.raw('{');
                for (int i = 0; i < schema.size(); i++) {
                    if (i > 0) text.raw(',');
                    Field field = schema.field(i);
                    text.string(field.name());
                    text.raw(':');
                    writeNullable(text, field.type(), row.get(i));
                }
                text.raw('}');
            }
            default -> throw new IllegalArgumentException("not a nested kind: " + kind);
        }
    }

    /** {@code toPlainString()}'s text; the usual decimal (scale 0..18, at most 18 digits) without making it a string. */
    private static void writeDecimal(JsonUtf8Text text, BigDecimal value) {
        int scale = value.scale();
        if (scale >= 0 && scale <= 18 && value.precision() <= 18) {
            text.plainDecimal(value.unscaledValue().longValue(), scale);
        } else {
            text.string(value.toPlainString());
        }
    }

    private static void writeNullable(JsonUtf8Text text, FieldType type, Object value) {
        if (value == null) text.nullValue();
        else writeValue(text, type.kind(), type, value);
    }
}
