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
    /** One fixed shape for every time value, so consumers can parse them with one pattern. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    /** ISO-8601 in UTC with six fraction digits; years past 9999 get a sign, as ISO-8601 says. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #writeTimestamp} writes by hand. */
    private static final long MIN_FAST_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_SECOND = 253_402_300_799L;

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
     * One generator over one growable buffer, reused for row after row: creating a Jackson generator
     * and its output stream for every key and value was a tenth of the JSON encoder's time. For one
     * thread at a time; after a failed row it starts over with a fresh generator, so a half-written
     * row never leaks into the next.
     */
    public static final class Output {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        private JsonGenerator gen;

        byte[] render(Plan plan, Row row) {
            try {
                if (gen == null) {
                    gen = FACTORY.createGenerator(buffer);
                    gen.setRootValueSeparator(null); // rows follow each other in the buffer with nothing between
                }
                plan.write(gen, row);
                gen.flush();
                return buffer.toByteArray();
            } catch (IOException e) {
                gen = null;
                throw new UncheckedIOException("cannot render row of " + row.schema().name() + " as JSON", e);
            } catch (RuntimeException e) {
                gen = null;
                throw e;
            } finally {
                buffer.reset();
            }
        }
    }

    /**
     * {@link #TIMESTAMP}'s text, written by hand for years 0000-9999 (every value a database sends in
     * practice): {@code DateTimeFormatter} costs several hundred nanoseconds per value, on every
     * timestamp column of every event. Other years take the formatter (same text, tested).
     */
    private static void writeTimestamp(JsonGenerator gen, Instant instant) throws IOException {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
            gen.writeString(TIMESTAMP.format(instant));
            return;
        }
        long epochDay = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        char[] text = new char[27];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        putTime(text, 11, secondOfDay, instant.getNano() / 1_000);
        text[26] = 'Z';
        gen.writeString(text, 0, text.length);
    }

    /** {@link #TIME}'s text ({@code HH:mm:ss.SSSSSS}), by hand for the reason given at {@link #writeTimestamp}. */
    private static void writeTime(JsonGenerator gen, LocalTime time) throws IOException {
        char[] text = new char[15];
        putTime(text, 0, time.toSecondOfDay(), time.getNano() / 1_000);
        gen.writeString(text, 0, text.length);
    }

    private static void putTime(char[] text, int at, int secondOfDay, int micros) {
        put(text, at, secondOfDay / 3_600, 2);
        text[at + 2] = ':';
        put(text, at + 3, secondOfDay / 60 % 60, 2);
        text[at + 5] = ':';
        put(text, at + 6, secondOfDay % 60, 2);
        text[at + 8] = '.';
        put(text, at + 9, micros, 6);
    }

    /** {@code value} as exactly {@code width} decimal digits, zero-padded. */
    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Renders rows of one schema: field names are encoded once (Jackson {@link SerializedString}), so
     * the per-row work is the values alone. Made once per schema and cached by encoders; the output
     * is byte for byte that of {@link #toBytes}. Thread-safe (holds no per-call state).
     */
    public static final class Plan {
        private final RowSchema schema;
        private final SerializableString[] names;
        private final FieldType[] types;
        private final Plan[] nested;

        private Plan(RowSchema schema) {
            this.schema = schema;
            int n = schema.size();
            this.names = new SerializableString[n];
            this.types = new FieldType[n];
            this.nested = new Plan[n];
            for (int i = 0; i < n; i++) {
                Field f = schema.field(i);
                names[i] = new SerializedString(f.name());
                types[i] = f.type();
                if (f.type() instanceof FieldType.Struct s) nested[i] = new Plan(s.schema());
            }
        }

        /** The row (of this plan's schema) as UTF-8 JSON bytes. */
        public byte[] toBytes(Row row) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * names.length);
            try (JsonGenerator gen = FACTORY.createGenerator(out)) {
                write(gen, row);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render row of " + schema.name() + " as JSON", e);
            }
            return out.toByteArray();
        }

        /**
         * The row as UTF-8 JSON bytes, written through {@code output} (which keeps its generator and
         * buffer from row to row); the same bytes as {@link #toBytes(Row)}.
         */
        public byte[] toBytes(Row row, Output output) {
            return output.render(this, row);
        }

        /** Writes the row as one JSON object. */
        public void write(JsonGenerator gen, Row row) throws IOException {
            if (row.schema() != schema && !row.schema().equals(schema)) {
                throw new IllegalArgumentException("row of " + row.schema().name() + " given to the plan of "
                        + schema.name());
            }
            gen.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                gen.writeFieldName(names[i]);
                Object value = row.get(i);
                if (nested[i] != null && value != null) nested[i].write(gen, (Row) value);
                else writeValue(gen, types[i], value);
            }
            gen.writeEndObject();
        }
    }
}
