package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.NanoTimestamp;
import io.debezium.time.ZonedTimestamp;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.PGStatement;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;

/**
 * Debezium converter for PostgreSQL {@code timestamp}, {@code timestamptz} and {@code date} columns: the same
 * schemas and values as Debezium's own conversion, except for the snapshot's values before 15 October 1582. Debezium's snapshot
 * reads these columns through pgjdbc as {@code java.sql.Timestamp}, built on {@code GregorianCalendar}'s Julian
 * calendar before that date, and then takes the instant ({@code Timestamp.toInstant()}) in the proleptic Gregorian
 * calendar PostgreSQL and {@code java.time} use: {@code '0001-01-01 00:00:00'} arrived as {@code 0000-12-30}, and
 * earlier values up to ten days off, silently, while the stream (which Debezium parses from the text) had them
 * right (Debezium fixed it after 3.5, debezium/dbz#1916); its snapshot's {@code date} values kept the day but
 * lost the era ({@code '0044-03-15 BC'} arrived as 44 AD). Here a {@code Timestamp} is read back through the calendar
 * it was built with (its fields, era included), so both give the value PostgreSQL holds; every other input takes
 * Debezium's own path ({@code MicroTimestamp.toEpochMicros}, {@code ZonedTimestamp.toIsoString} …). Registered in
 * Debezium's default temporal mode ({@code adaptive_time_microseconds}) only, whose schemas these are.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresTimestampConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_timestamp";
    /** PostgreSQL's type OIDs of {@code timestamp} and {@code timestamptz} (Debezium's {@code PgOid}). */
    private static final int TIMESTAMP_OID = 1114;
    private static final int TIMESTAMPTZ_OID = 1184;
    /** PostgreSQL's type OID of {@code date}. */
    private static final int DATE_OID = 1082;
    /** A valid instant for the schema-only run's NULLs (see {@link SchemaProbeValues}). */
    private static final String PROBE_INSTANT = "1970-01-01T00:00:00Z";
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /**
     * A day after the Gregorian cutover (1582-10-15T00:00:00Z) in epoch milliseconds: later values were built in the
     * Gregorian calendar, where the cheaper readings are exact (the calendar's fields would give the same, slower).
     */
    private static final long AFTER_CUTOVER_MILLIS = -12_219_292_800_000L + 86_400_000L;

    /**
     * Registers the converter in the connector properties {@code p} in Debezium's default temporal mode, after any
     * converters already listed, so those win for the columns they take.
     */
    static void register(Map<String, String> p) {
        if (!"adaptive_time_microseconds".equals(p.get("time.precision.mode"))) return;
        ConverterList.append(p, NAME, PostgresTimestampConverter.class);
    }

    private boolean schemaProbe;

    @Override
    public void configure(Properties props) {
        schemaProbe = SchemaProbeValues.enabled(props);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (column.nativeType() == TIMESTAMP_OID) {
            // Debezium's adaptive choice by the column's precision (JdbcValueConverters, Types.TIMESTAMP). A NOT NULL
            // column PostgreSQL sent no value for gets the epoch, as Debezium's fallback; the reader never reads it.
            // A column default reaches the converter already converted by Debezium (epoch units): passed on as is.
            int precision = column.scale().orElse(-1);
            if (precision <= 3) {
                registration.register(io.debezium.time.Timestamp.builder(), NotSent.orMarker(column, 0L,
                        value -> value instanceof Long converted ? converted
                                : io.debezium.time.Timestamp.toEpochMillis(wallClock(value), null)));
            } else if (precision <= 6) {
                registration.register(MicroTimestamp.builder(), NotSent.orMarker(column, 0L,
                        value -> value instanceof Long converted ? converted : MicroTimestamp.toEpochMicros(wallClock(value), null)));
            } else {
                registration.register(NanoTimestamp.builder(), NotSent.orMarker(column, 0L,
                        value -> value instanceof Long converted ? converted : NanoTimestamp.toEpochNanos(wallClock(value), null)));
            }
        } else if (column.nativeType() == DATE_OID) {
            registration.register(io.debezium.time.Date.builder(), NotSent.orMarker(column, 0,
                    value -> value instanceof Integer converted ? converted
                            : io.debezium.time.Date.toEpochDay(calendarDate(value), null)));
        } else if (column.nativeType() == TIMESTAMPTZ_OID) {
            // Debezium's fraction width for the column (PostgresValueConverter.convertTimestampWithZone).
            Integer width = column.scale().isPresent() ? column.scale().getAsInt() : column.length().orElse(-1);
            registration.register(ZonedTimestamp.builder(), NotSent.orMarker(column,
                    schemaProbe ? PROBE_INSTANT : NotSent.TEXT, value -> isoText(value, width)));
        }
    }

    /**
     * A {@code timestamp} value for Debezium's epoch functions: a snapshot's {@code java.sql.Timestamp} as its
     * wall clock in the JVM's time zone, in which pgjdbc built it (the infinities as Debezium gives them); the
     * stream's {@code Instant} and anything else as they are.
     */
    static Object wallClock(Object value) {
        if (!(value instanceof java.sql.Timestamp ts)) return value;
        if (ts.equals(PostgresValueConverter.POSITIVE_INFINITY_TIMESTAMP)) return PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME;
        if (ts.equals(PostgresValueConverter.NEGATIVE_INFINITY_TIMESTAMP)) return PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME;
        // Debezium's LocalDateTime.ofInstant(ts.toInstant(), systemDefault()) reads the instant with java.time's zone
        // rules, which have local mean time before a zone's standard time (1850 in New York: -4:56:02) where
        // java.util's, which pgjdbc built it with, have the standard offset: minutes off. The fields are exact.
        return julian(ts) ? fields(ts, TimeZone.getDefault()) : ts.toLocalDateTime();
    }

    /**
     * A {@code date} value for Debezium's epoch-day function: a snapshot's {@code java.sql.Date} of a date before the
     * cutover as its fields, era included ({@code Date.toLocalDate()}, Debezium's reading, turns 44 BC into 44 AD);
     * pgjdbc's infinities and everything else as they are.
     */
    static Object calendarDate(Object value) {
        if (!(value instanceof java.sql.Date date) || !julian(date) || date.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
            return value;
        }
        return fields(date, TimeZone.getDefault()).toLocalDate();
    }

    /**
     * A {@code timestamptz} value as Debezium's ISO text: a snapshot's {@code java.sql.Timestamp} read back as its
     * fields in UTC (then the instant they name); {@code 'infinity'} and {@code '-infinity'} as those words, as
     * Debezium gives them.
     */
    static Object isoText(Object value, Integer width) {
        Object v = value;
        if (v instanceof java.util.Date date) {
            // The infinities are pgjdbc's constants, far after 1582: Debezium's own comparison.
            OffsetDateTime asDebeziumReadsIt = OffsetDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
            if (asDebeziumReadsIt.equals(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)) return "infinity";
            if (asDebeziumReadsIt.equals(PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME)) return "-infinity";
            v = date instanceof java.sql.Timestamp ts && julian(ts) ? fields(ts, UTC).atOffset(ZoneOffset.UTC) : asDebeziumReadsIt;
        }
        if (v instanceof OffsetDateTime odt) {
            if (odt.equals(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)) return "infinity";
            if (odt.equals(PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME)) return "-infinity";
            v = odt.toZonedDateTime();
        }
        try {
            return ZonedTimestamp.toIsoString(v, ZoneOffset.UTC, null, width);
        } catch (IllegalArgumentException e) {
            return String.valueOf(value); // reaches the reader, which refuses what is not an instant
        }
    }

    private static boolean julian(java.util.Date value) {
        return value.getTime() < AFTER_CUTOVER_MILLIS;
    }

    /** The date and time fields of {@code ts} in {@code zone}, read with the hybrid Julian/Gregorian calendar pgjdbc used. */
    static LocalDateTime fields(java.util.Date value, TimeZone zone) {
        GregorianCalendar calendar = new GregorianCalendar(zone);
        calendar.setTime(value);
        int nanos = value instanceof java.sql.Timestamp ts ? ts.getNanos() : 0;
        int year = calendar.get(Calendar.ERA) == GregorianCalendar.BC ? 1 - calendar.get(Calendar.YEAR) : calendar.get(Calendar.YEAR);
        return LocalDateTime.of(year, calendar.get(Calendar.MONTH) + 1, calendar.get(Calendar.DAY_OF_MONTH),
                calendar.get(Calendar.HOUR_OF_DAY), calendar.get(Calendar.MINUTE), calendar.get(Calendar.SECOND), nanos);
    }
}
