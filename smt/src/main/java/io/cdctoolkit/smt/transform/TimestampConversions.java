package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.smt.FieldConversion;
import io.cdctoolkit.smt.FieldException;
import io.cdctoolkit.smt.SchemaMismatchException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * How {@code timestamp_converter} converts one field, chosen once per input field type. A value is
 * first read as a moment — an {@link Instant} (timestamps, Unix integers, strings with a date and a
 * time), a {@link LocalDate} or a {@link LocalTime} — then written as the target. All in UTC, as
 * Kafka; nothing is re-zoned.
 */
final class TimestampConversions {

    /** The default format of dates. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    /** The default parser: ISO date, optionally with a time and an offset ({@code 2024-01-31T12:00:00Z}). */
    private static final DateTimeFormatter ISO_PARSER = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalEnd().toFormatter();

    private TimestampConversions() {
    }

    @FunctionalInterface
    private interface Step {
        Object apply(Object value, String path) throws FieldException;
    }

    /**
     * The conversion of {@code input} as {@code settings} say.
     *
     * @throws SchemaMismatchException when the field's type is not timestamp-like, or the target needs
     *                                 what the type lacks (a date from a time of day, a time from a date)
     */
    static FieldConversion compile(Field input, TimestampSettings settings, String path)
            throws SchemaMismatchException {
        FieldType.Kind kind = input.type().kind();
        Step read = reader(kind, settings);
        if (read == null) {
            throw new SchemaMismatchException(settings.option(), path, "'" + path + "' is " + input.type()
                    + ", not a timestamp, date, time, int64 (unix) or string");
        }
        TimestampTarget target = settings.target();
        if (kind == FieldType.Kind.TIME && (target == TimestampTarget.DATE || target == TimestampTarget.TIMESTAMP)) {
            throw new SchemaMismatchException(settings.option(), path, "'" + path + "' is a time of day, which has no "
                    + "date for a " + target.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (kind == FieldType.Kind.DATE && target == TimestampTarget.TIME) {
            throw new SchemaMismatchException(settings.option(), path, "'" + path + "' is a date, which has no time "
                    + "of day");
        }
        DateTimeFormatter format = settings.format() != null ? settings.format().withZone(ZoneOffset.UTC)
                : defaultFormat(kind);
        if (kind == FieldType.Kind.TIME && target == TimestampTarget.STRING) {
            try {
                format.format(LocalTime.NOON);
            } catch (DateTimeException e) {
                throw new SchemaMismatchException(TimestampSettings.FORMAT, path, "the format writes a date, which "
                        + "the time of day in '" + path + "' has not");
            }
        }
        Step write = writer(target, settings.precision(), format);
        Field output = new Field(input.name(), outputType(kind, target), input.optional(), null, input.doc());
        return new FieldConversion() {
            @Override
            public Field output() {
                return output;
            }

            @Override
            public Object convert(Object value) throws FieldException {
                return write.apply(read.apply(value, path), path);
            }
        };
    }

    /**
     * The output type: a wall-clock timestamp or a date stays wall clock ({@code timestamp}); instants,
     * Unix numbers and strings (read in UTC) become {@code timestamp_tz}.
     */
    private static FieldType outputType(FieldType.Kind input, TimestampTarget target) {
        return switch (target) {
            case STRING -> FieldType.STRING;
            case UNIX -> FieldType.INT64;
            case DATE -> FieldType.DATE;
            case TIME -> FieldType.TIME;
            case TIMESTAMP -> input == FieldType.Kind.TIMESTAMP || input == FieldType.Kind.DATE
                    ? FieldType.TIMESTAMP : FieldType.TIMESTAMP_TZ;
        };
    }

    private static DateTimeFormatter defaultFormat(FieldType.Kind input) {
        return switch (input) {
            case TIMESTAMP -> CastConversions.WALL_CLOCK;
            case DATE -> DATE;
            case TIME -> CastConversions.TIME;
            default -> CastConversions.INSTANT;
        };
    }

    private static Step reader(FieldType.Kind kind, TimestampSettings settings) {
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_TZ, DATE, TIME -> (v, p) -> v;
            case INT64 -> (v, p) -> settings.precision().toInstant((Long) v, p);
            case STRING -> settings.format() == null ? (v, p) -> parseIso((String) v, p)
                    : (v, p) -> parse(settings.format().withZone(ZoneOffset.UTC), settings.pattern(), (String) v, p);
            default -> null;
        };
    }

    private static Object parseIso(String text, String path) throws FieldException {
        try {
            Object moment;
            if (text.indexOf('-', 1) < 0) {
                moment = LocalTime.parse(text);
            } else {
                TemporalAccessor parsed = ISO_PARSER.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                        LocalDate::from);
                moment = parsed instanceof OffsetDateTime o ? o.toInstant()
                        : parsed instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : parsed;
            }
            return micros(moment, path);
        } catch (DateTimeParseException e) {
            throw new FieldException(path, "is not an ISO-8601 date, time or timestamp (set format for other text)");
        }
    }

    private static Object parse(DateTimeFormatter format, String pattern, String text, String path)
            throws FieldException {
        try {
            TemporalAccessor parsed = format.parseBest(text, Instant::from, LocalDate::from, LocalTime::from);
            return micros(parsed, path);
        } catch (DateTimeException e) {
            throw new FieldException(path, "does not match the format '" + pattern + "'");
        }
    }

    /** The moment, when it holds no digits below the microsecond (what timestamps and times hold). */
    private static Object micros(Object moment, String path) throws FieldException {
        int nanos = moment instanceof Instant i ? i.getNano() : moment instanceof LocalTime t ? t.getNano() : 0;
        if (nanos % 1_000 != 0) {
            throw new FieldException(path, "has nanoseconds, which timestamps and times (microseconds) cannot hold");
        }
        return moment;
    }

    private static Step writer(TimestampTarget target, UnixPrecision precision, DateTimeFormatter format) {
        return switch (target) {
            case TIMESTAMP -> (v, p) -> v instanceof LocalDate d ? d.atStartOfDay(ZoneOffset.UTC).toInstant()
                    : v instanceof Instant ? v : noDate(p);
            // Kafka's Timestamp → Date keeps the UTC date and drops the time of day (documented).
            case DATE -> (v, p) -> v instanceof Instant i ? LocalDate.ofInstant(i, ZoneOffset.UTC)
                    : v instanceof LocalDate ? v : noDate(p);
            // Kafka's Timestamp → Time keeps the UTC time of day and drops the date (documented).
            case TIME -> (v, p) -> v instanceof Instant i ? LocalTime.ofInstant(i, ZoneOffset.UTC)
                    : v instanceof LocalTime ? v : noTime(p);
            case UNIX -> (v, p) -> v instanceof Instant i ? precision.fromInstant(i, p)
                    : v instanceof LocalDate d ? precision.fromInstant(d.atStartOfDay(ZoneOffset.UTC).toInstant(), p)
                    : precision.fromNanoOfDay(((LocalTime) v).toNanoOfDay(), p);
            case STRING -> (v, p) -> format(format, v, p);
        };
    }

    private static Object format(DateTimeFormatter format, Object moment, String path) throws FieldException {
        try {
            return moment instanceof LocalDate d ? format.format(d.atStartOfDay(ZoneOffset.UTC)) : format.format(
                    (TemporalAccessor) moment);
        } catch (DateTimeException e) {
            throw new FieldException(path, "is a time of day, which has no date for the format");
        }
    }

    private static Object noDate(String path) throws FieldException {
        throw new FieldException(path, "is a time of day, which has no date");
    }

    private static Object noTime(String path) throws FieldException {
        throw new FieldException(path, "is a date, which has no time of day");
    }
}
