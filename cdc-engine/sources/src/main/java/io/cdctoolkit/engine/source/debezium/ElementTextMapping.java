package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.FieldType;
import io.debezium.time.ZonedTime;
import org.apache.kafka.connect.data.Schema;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * How the reader turns an {@link ElementText} (an array element as PostgreSQL wrote it, in its ISO
 * {@code DateStyle}, which pgjdbc sets on every connection) into the Java value of the element's field
 * type. Each parse is exact or fails; a failure makes the event unreadable.
 *
 * <p>The date and time parsers are written here because PostgreSQL writes years before 1 as
 * {@code 0044-03-15 BC} and years after 9999 without a sign, which no {@code java.time} ISO formatter
 * reads; they build on {@link DateTimeFormatterBuilder}, and BC years become proleptic Gregorian years
 * ({@code 0001 BC} is year 0), as the PostgreSQL calendar is.
 */
final class ElementTextMapping {

    private static final String BC = " BC";
    private static final DateTimeFormatter DATE_AD = dateTime(false, false, false);
    private static final DateTimeFormatter DATE_BC = dateTime(true, false, false);
    private static final DateTimeFormatter TIMESTAMP_AD = dateTime(false, true, false);
    private static final DateTimeFormatter TIMESTAMP_BC = dateTime(true, true, false);
    private static final DateTimeFormatter TIMESTAMP_TZ_AD = dateTime(false, true, true);
    private static final DateTimeFormatter TIMESTAMP_TZ_BC = dateTime(true, true, true);
    /** PostgreSQL's {@code timetz} output: a time of day and an offset of hours[:minutes[:seconds]]. */
    private static final DateTimeFormatter ZONED_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_TIME).appendOffset("+HH:mm:ss", "+00")
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private static final Map<ElementText.Kind, FieldType> TYPES = Map.ofEntries(
            Map.entry(ElementText.Kind.INT16, FieldType.INT16), Map.entry(ElementText.Kind.INT32, FieldType.INT32),
            Map.entry(ElementText.Kind.INT64, FieldType.INT64), Map.entry(ElementText.Kind.BOOLEAN, FieldType.BOOLEAN),
            Map.entry(ElementText.Kind.FLOAT32, FieldType.FLOAT32), Map.entry(ElementText.Kind.FLOAT64, FieldType.FLOAT64),
            Map.entry(ElementText.Kind.STRING, FieldType.STRING), Map.entry(ElementText.Kind.BYTES, FieldType.BYTES),
            Map.entry(ElementText.Kind.TEXT_BYTES, FieldType.BYTES),
            Map.entry(ElementText.Kind.UUID, FieldType.UUID),
            Map.entry(ElementText.Kind.JSON, FieldType.JSON), Map.entry(ElementText.Kind.DATE, FieldType.DATE),
            Map.entry(ElementText.Kind.TIMESTAMP, FieldType.TIMESTAMP),
            Map.entry(ElementText.Kind.TIMESTAMP_TZ, FieldType.TIMESTAMP_TZ),
            Map.entry(ElementText.Kind.ZONED_TIME, FieldType.STRING));

    private ElementTextMapping() {
    }

    /** The mapping of an {@link ElementText} schema. */
    static ConnectTypeMapper.Mapping of(Schema schema) {
        ElementText.Kind kind = ElementText.kindOf(schema.parameters().get(ElementText.KIND));
        Function<String, Object> parse = parser(kind);
        String what = kind.name().toLowerCase(java.util.Locale.ROOT);
        FieldType type = kind == ElementText.Kind.ENUM
                ? new FieldType.Enum(ElementText.decodeLabels(schema.parameters().get(ElementText.LABELS)))
                : TYPES.get(kind);
        return new ConnectTypeMapper.Mapping(type, v -> {
            String text = (String) v;
            String reason = ElementText.unreadableReason(text);
            if (reason != null) throw new IllegalArgumentException(reason + "; the array's elements are " + what);
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not a " + what + " value", e);
            }
        });
    }

    private static Function<String, Object> parser(ElementText.Kind kind) {
        return switch (kind) {
            case INT16 -> Short::valueOf;
            case INT32 -> Integer::valueOf;
            case INT64 -> Long::valueOf;
            case BOOLEAN -> ElementTextMapping::bool;
            case FLOAT32 -> Float::valueOf;
            case FLOAT64 -> Double::valueOf;
            // An enum label the type's labels lack (ALTER TYPE … ADD VALUE since the start) widens the field's
            // enum type in the reader (EnumSymbols), as a scalar enum's does.
            case STRING, JSON, ENUM -> text -> text;
            case BYTES -> ElementTextMapping::bytea;
            case TEXT_BYTES -> text -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case UUID -> UUID::fromString;
            case DATE -> text -> LocalDate.from(parse(text, DATE_AD, DATE_BC));
            case TIMESTAMP -> text -> LocalDateTime.from(parse(text, TIMESTAMP_AD, TIMESTAMP_BC)).toInstant(ZoneOffset.UTC);
            case TIMESTAMP_TZ -> text -> OffsetDateTime.from(parse(text, TIMESTAMP_TZ_AD, TIMESTAMP_TZ_BC)).toInstant();
            // As Debezium writes a scalar timetz: shifted to UTC, ISO_OFFSET_TIME.
            case ZONED_TIME -> text -> ZonedTime.toIsoString(
                    OffsetTime.parse(text, ZONED_TIME).withOffsetSameInstant(ZoneOffset.UTC), null);
        };
    }

    /** {@code bytea} text in either output format ({@code bytea_output} hex, the default, or escape), by pgjdbc. */
    private static byte[] bytea(String text) {
        try {
            return org.postgresql.util.PGbytea.toBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.sql.SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "t", "true" -> Boolean.TRUE;
            case "f", "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not t or f");
        };
    }

    private static java.time.temporal.TemporalAccessor parse(String text, DateTimeFormatter ad, DateTimeFormatter bc) {
        return text.endsWith(BC) ? bc.parse(text.substring(0, text.length() - BC.length())) : ad.parse(text);
    }

    /**
     * PostgreSQL's ISO output: {@code Y-MM-DD[ HH:MM:SS[.ffffff][±HH[:MM[:SS]]]]} with a year of era of
     * at least four digits; the era comes from the {@code BC} suffix the caller strips.
     */
    private static DateTimeFormatter dateTime(boolean bc, boolean time, boolean offset) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder()
                .appendValue(ChronoField.YEAR_OF_ERA, 4, 9, SignStyle.NOT_NEGATIVE).appendLiteral('-')
                .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
                .appendValue(ChronoField.DAY_OF_MONTH, 2);
        if (time) b.appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME);
        if (offset) b.appendOffset("+HH:mm:ss", "+00");
        b.parseDefaulting(ChronoField.ERA, bc ? 0 : 1);
        return b.toFormatter().withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);
    }
}
