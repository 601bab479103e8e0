package io.cdctoolkit.smt.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdctoolkit.engine.data.FieldType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads {@code mask_field}'s {@code replacement} text as a value of a field's type, once per field at
 * compile time. Strict: text that is not exactly a value of the type (a fraction for an integer, more
 * digits than a decimal's scale, an unknown enum symbol) is refused rather than rounded or coerced.
 */
final class ReplacementValues {

    private static final JsonFactory JSON = new JsonFactory();

    private ReplacementValues() {
    }

    /**
     * {@code text} as a value of {@code type}.
     *
     * @throws IllegalArgumentException saying why it is not one
     */
    static Object parse(FieldType type, String text) {
        try {
            return switch (type.kind()) {
                case BOOLEAN -> bool(text);
                case INT8 -> Byte.parseByte(text);
                case INT16 -> Short.parseShort(text);
                case INT32 -> Integer.parseInt(text);
                case INT64 -> Long.parseLong(text);
                case FLOAT32 -> float32(text);
                case FLOAT64 -> float64(text);
                case STRING -> text;
                case BYTES -> Base64.getDecoder().decode(text);
                case DECIMAL -> decimal((FieldType.Decimal) type, text);
                case DATE -> LocalDate.parse(text);
                case TIME -> time(text);
                case TIMESTAMP -> timestamp(text);
                case TIMESTAMP_TZ -> instant(OffsetDateTime.parse(text).toInstant());
                case UUID -> uuid(text);
                case JSON -> json(text);
                case ENUM -> symbol((FieldType.Enum) type, text);
                case ARRAY, MAP, STRUCT -> throw new IllegalArgumentException("a replacement is a single value; a "
                        + type.kind().name().toLowerCase(Locale.ROOT) + " field can only be masked with its empty value");
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a " + typeName(type) + " value", e);
        }
    }

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (text.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw new IllegalArgumentException("expected true or false");
    }

    private static Float float32(String text) {
        if (isSpecial(text)) return Float.parseFloat(text);
        float f = new BigDecimal(text).floatValue();
        if (Float.isInfinite(f)) throw new IllegalArgumentException("out of the float32 range");
        return f;
    }

    private static Double float64(String text) {
        if (isSpecial(text)) return Double.parseDouble(text);
        double d = new BigDecimal(text).doubleValue();
        if (Double.isInfinite(d)) throw new IllegalArgumentException("out of the float64 range");
        return d;
    }

    /** NaN and the infinities are values of the float types; BigDecimal cannot spell them. */
    private static boolean isSpecial(String text) {
        return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
    }

    private static BigDecimal decimal(FieldType.Decimal type, String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text).setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("has more than " + type.scale() + " digits after the point", e);
        }
        if (value.precision() > type.precision()) {
            throw new IllegalArgumentException("has more than " + type.precision() + " digits");
        }
        return value;
    }

    private static Instant timestamp(String text) {
        // A timestamp without zone is a wall clock read as UTC (FieldType); an explicit Z is accepted too.
        try {
            return instant(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return instant(Instant.parse(text));
        }
    }

    private static LocalTime time(String text) {
        LocalTime value = LocalTime.parse(text);
        return micros(value.getNano()) ? value : tooPrecise();
    }

    private static Instant instant(Instant value) {
        return micros(value.getNano()) ? value : tooPrecise();
    }

    private static boolean micros(long nanos) {
        return nanos % 1000 == 0;
    }

    private static <T> T tooPrecise() {
        throw new IllegalArgumentException("more precise than the field's microseconds");
    }

    private static UUID uuid(String text) {
        UUID value = UUID.fromString(text);
        // UUID.fromString also takes shortened groups ("1-2-3-4-5"); only the canonical form is a UUID here.
        if (!value.toString().equalsIgnoreCase(text)) throw new IllegalArgumentException("not a canonical UUID");
        return value;
    }

    private static String json(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) throw new IllegalArgumentException("not a JSON document (empty)");
            parser.skipChildren();
            if (parser.nextToken() != null) throw new IllegalArgumentException("more than one JSON value");
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private static String symbol(FieldType.Enum type, String text) {
        if (!type.symbols().contains(text)) {
            throw new IllegalArgumentException("not one of the enum's symbols " + type.symbols());
        }
        return text;
    }

    private static String typeName(FieldType type) {
        return type.toString().toLowerCase(Locale.ROOT);
    }
}
