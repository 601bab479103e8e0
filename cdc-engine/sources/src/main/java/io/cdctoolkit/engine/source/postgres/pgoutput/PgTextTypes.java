package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The column types the native reader supports, by type OID, with the same {@link FieldType} and
 * values as the Debezium engine (docs/sources/postgresql.md, "Type mapping"): decoded from
 * PostgreSQL's text output (DateStyle ISO, which pgjdbc sets on every connection; bytea_output hex).
 * With pgoutput's binary mode the same values come from the send formats ({@link PgBinaryValues}).
 * Any other type is not supported yet: {@link #of} returns null and the reader refuses the table.
 */
final class PgTextTypes {

    /** Debezium's {@code unavailable.value.placeholder}, which the Debezium engine passes on. */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    static final int BOOL = 16, BYTEA = 17, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, JSON = 114,
            FLOAT4 = 700, FLOAT8 = 701, BPCHAR = 1042, VARCHAR = 1043, DATE = 1082, TIME = 1083,
            TIMESTAMP = 1114, TIMESTAMPTZ = 1184, NUMERIC = 1700, UUID_OID = 2950, JSONB = 3802,
            BOOL_ARRAY = 1000, INT2_ARRAY = 1005, INT4_ARRAY = 1007, TEXT_ARRAY = 1009, VARCHAR_ARRAY = 1015,
            INT8_ARRAY = 1016, FLOAT4_ARRAY = 1021, FLOAT8_ARRAY = 1022, UUID_ARRAY = 2951,
            TIMETZ = 1266, INTERVAL = 1186, MONEY = 790, BIT = 1560, VARBIT = 1562, POINT = 600, INET = 869,
            CIDR = 650, MACADDR = 829, MACADDR8 = 774, XML = 142,
            NUMERIC_ARRAY = 1231, TIME_ARRAY = 1183, DATE_ARRAY = 1182, TIMESTAMP_ARRAY = 1115,
            TIMESTAMPTZ_ARRAY = 1185, TIMETZ_ARRAY = 1270, JSON_ARRAY = 199, JSONB_ARRAY = 3807, BPCHAR_ARRAY = 1014,
            CHAR_ARRAY = 1002, NAME_ARRAY = 1003, OID_ARRAY = 1028, REFCURSOR_ARRAY = 2201, XML_ARRAY = 143,
            BIT_ARRAY = 1561, VARBIT_ARRAY = 1563, MACADDR_ARRAY = 1040, MACADDR8_ARRAY = 775, INET_ARRAY = 1041,
            CIDR_ARRAY = 651, MONEY_ARRAY = 791, INTERVAL_ARRAY = 1187, POINT_ARRAY = 1017, INT4RANGE_ARRAY = 3905,
            NUMRANGE_ARRAY = 3907, TSRANGE_ARRAY = 3909, TSTZRANGE_ARRAY = 3911, DATERANGE_ARRAY = 3913,
            INT8RANGE_ARRAY = 3927, INT4RANGE = 3904, NUMRANGE = 3906, TSRANGE = 3908, TSTZRANGE = 3910,
            DATERANGE = 3912, INT8RANGE = 3926, TSVECTOR = 3614, CHAR = 18, NAME = 19, OID = 26, BYTEA_ARRAY = 1001,
            INT2VECTOR = 22, OIDVECTOR = 30, TSVECTOR_ARRAY = 3643;

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private PgTextTypes() {
    }

    /** The type of a column of type {@code oid} with modifier {@code typmod}; null when not supported. */
    static ColumnType of(int oid, int typmod) {
        return of(oid, typmod, List.of());
    }

    /**
     * As {@link #of(int, int)}; {@code enumLabels} are the labels of the column's type when it is an enum
     * (in their sort order, as Debezium lists them), else empty.
     */
    static ColumnType of(int oid, int typmod, List<String> enumLabels) {
        return of(oid, typmod, "", enumLabels);
    }

    /**
     * As {@link #of(int, int, List)}; {@code typeName} ({@code pg_type.typname}) identifies the extension types,
     * whose OIDs differ per database (as Debezium's type registry finds them by name).
     */
    static ColumnType of(int oid, int typmod, String typeName, List<String> enumLabels) {
        ColumnType extension = extension(typeName);
        if (extension != null) return extension;
        if (!enumLabels.isEmpty()) return enumOf(enumLabels);
        ColumnType more = more(oid, typmod);
        if (more != null) return more;
        switch (oid) {
            case BOOL: return scalar(FieldType.BOOLEAN, PgTextTypes::bool, PgBinaryValues::bool);
            case INT2: return scalar(FieldType.INT16, Short::valueOf, PgBinaryValues::int2);
            case INT4: return scalar(FieldType.INT32, Integer::valueOf, PgBinaryValues::int4);
            case INT8: return scalar(FieldType.INT64, Long::valueOf, PgBinaryValues::int8);
            case FLOAT4: return scalar(FieldType.FLOAT32, Float::valueOf, PgBinaryValues::float4);
            case FLOAT8: return scalar(FieldType.FLOAT64, Double::valueOf, PgBinaryValues::float8);
            case NUMERIC: return numeric(typmod);
            case TEXT: case VARCHAR: case BPCHAR:
                return new ColumnType(FieldType.STRING, t -> t, PgBinaryValues::text, UNAVAILABLE);
            case JSON:
                return new ColumnType(FieldType.JSON, t -> t, PgBinaryValues::text, UNAVAILABLE);
            case JSONB:
                return new ColumnType(FieldType.JSON, t -> t, PgBinaryValues::jsonb, UNAVAILABLE);
            case BYTEA:
                return new ColumnType(FieldType.BYTES, PgTextTypes::bytea, b -> b, UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
            case UUID_OID: return scalar(FieldType.UUID, UUID::fromString, PgBinaryValues::uuid);
            case DATE: return scalar(FieldType.DATE, PgTextTypes::date, PgBinaryValues::date);
            case TIME: return scalar(FieldType.TIME, PgTextTypes::time, PgBinaryValues::time);
            case TIMESTAMP: return scalar(FieldType.TIMESTAMP, PgTextTypes::timestamp, PgBinaryValues::timestamp);
            case TIMESTAMPTZ: return scalar(FieldType.TIMESTAMP_TZ, PgTextTypes::timestamptz, PgBinaryValues::timestamp);
            case BOOL_ARRAY: return array(of(BOOL, -1));
            case INT2_ARRAY: return array(of(INT2, -1));
            case INT4_ARRAY: return array(of(INT4, -1));
            case INT8_ARRAY: return array(of(INT8, -1));
            case FLOAT4_ARRAY: return array(of(FLOAT4, -1));
            case FLOAT8_ARRAY: return array(of(FLOAT8, -1));
            case TEXT_ARRAY: case VARCHAR_ARRAY: return array(of(TEXT, -1));
            case UUID_ARRAY: return array(of(UUID_OID, -1));
            default: return null;
        }
    }

    /** An array of an enum with these labels: as Debezium, {@code array<enum[...]>} of the labels. */
    static ColumnType enumArray(List<String> labels) {
        return array(enumOf(labels));
    }

    /** Debezium's io.debezium.data.Enum: the label as a string; the send format is the label's text. */
    static ColumnType enumOf(List<String> labels) {
        return new ColumnType(new FieldType.Enum(labels), t -> t, PgBinaryValues::text, UNAVAILABLE);
    }

    /** hstore, ltree, citext and their arrays, by type name; null for any other name. */
    private static ColumnType extension(String typeName) {
        switch (typeName) {
            case "hstore":
                return new ColumnType(FieldType.JSON, PgExtraValues::hstore, PgExtraValues::hstore, null);
            // An unchanged TOASTed citext or ltree value is unreadable: Debezium's converters for them have no placeholder.
            case "citext":
                // citextsend writes the text.
                return new ColumnType(FieldType.STRING, t -> t, PgBinaryValues::text, null);
            case "ltree":
                // Text only: ltree has a send format only from PostgreSQL 13 on (binary COPY fails before).
                return new ColumnType(FieldType.STRING, t -> t, null, null);
            case "_hstore":
                // As the Debezium engine: array<json> of the elements' JSON, NULL elements kept.
                return array(scalar(FieldType.JSON, PgExtraValues::hstore, PgExtraValues::hstore));
            case "_citext":
                return array(scalar(FieldType.STRING, t -> t, PgBinaryValues::text));
            case "_ltree":
                return array(scalar(FieldType.STRING, t -> t, null));
            default: return null;
        }
    }

    /** The types beyond the basic ones (docs/sources/postgresql.md, type table), or null. */
    private static ColumnType more(int oid, int typmod) {
        switch (oid) {
            case TIMETZ:
                return new ColumnType(FieldType.STRING, PgExtraValues::timetz, PgExtraValues::timetz, UNAVAILABLE);
            case INTERVAL:
                return new ColumnType(FieldType.STRING, PgExtraValues::interval, PgExtraValues::interval, UNAVAILABLE);
            case MONEY:
                // Text only: the send format counts units of the session's lc_monetary, the text says which.
                return scalar(new FieldType.Decimal(38, 2), PgExtraValues::money, null);
            case BIT: case VARBIT:
                // As Debezium: a length of 1 is a boolean, anything longer (varbit without one too) its Bits.
                if (typmod == 1) return scalar(FieldType.BOOLEAN, PgExtraValues::bit, b -> PgExtraValues.bit(PgExtraValues.bitText(b)));
                return scalar(FieldType.BYTES, PgExtraValues::bits, b -> PgExtraValues.bits(PgExtraValues.bitText(b)));
            case POINT:
                return new ColumnType(new FieldType.Struct(PgExtraValues.POINT), PgExtraValues::point, PgExtraValues::point,
                        null, PgExtraValues.POINT_DOC);
            case INET: case CIDR:
                // Text only: the send format is the address bytes; inet_out's IPv6 layout is not re-implemented.
                return new ColumnType(FieldType.STRING, t -> t, null, UNAVAILABLE);
            case MACADDR: case MACADDR8:
                return new ColumnType(FieldType.STRING, t -> t, PgExtraValues::macaddr, UNAVAILABLE);
            case INT4RANGE: case INT8RANGE: case NUMRANGE: case TSRANGE: case TSTZRANGE: case DATERANGE: case TSVECTOR:
                // Debezium passes these as PostgreSQL's text; their send formats would need its output functions.
                return new ColumnType(FieldType.STRING, t -> t, null, UNAVAILABLE);
            case XML:
                // xml_send writes the text in the client encoding (UTF8, as pgjdbc sets it): the same text.
                return new ColumnType(FieldType.STRING, t -> t, PgBinaryValues::text, UNAVAILABLE);
            case NAME:
                // name_send writes the text. A name is at most 63 bytes: never TOASTed.
                return scalar(FieldType.STRING, t -> t, PgBinaryValues::text);
            case CHAR:
                // "char": text only, since how its output function spells a byte above 127 changed in
                // PostgreSQL 15 (an octal escape), and the send format is the raw byte.
                return scalar(FieldType.STRING, t -> t, null);
            case OID:
                return scalar(FieldType.INT64, Long::valueOf, PgExtraValues::oid);
            case BYTEA_ARRAY: return array(of(BYTEA, -1));
            // int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): one-dimensional arrays whose text is
            // the elements separated by spaces, whose send format is an array's (int2vectorsend calls array_send).
            case INT2VECTOR: return vector(scalar(FieldType.INT16, Short::valueOf, PgBinaryValues::int2));
            case OIDVECTOR: return vector(scalar(FieldType.INT64, Long::valueOf, PgExtraValues::oid));
            case NUMERIC_ARRAY: return array(numeric(typmod));
            case TIME_ARRAY: return array(of(TIME, -1));
            case DATE_ARRAY: return array(of(DATE, -1));
            case TIMESTAMP_ARRAY: return array(of(TIMESTAMP, -1));
            case TIMESTAMPTZ_ARRAY: return array(of(TIMESTAMPTZ, -1));
            case TIMETZ_ARRAY: return array(of(TIMETZ, -1));
            case JSON_ARRAY: return array(of(JSON, -1));
            case JSONB_ARRAY: return array(of(JSONB, -1));
            case OID_ARRAY: return array(scalar(FieldType.INT64, Long::valueOf, PgExtraValues::oid));
            case BPCHAR_ARRAY: case NAME_ARRAY: case REFCURSOR_ARRAY: case XML_ARRAY:
                return array(scalar(FieldType.STRING, t -> t, PgBinaryValues::text));
            case MACADDR_ARRAY: case MACADDR8_ARRAY:
                return array(scalar(FieldType.STRING, t -> t, PgExtraValues::macaddr));
            case BIT_ARRAY: case VARBIT_ARRAY:
                // Debezium had no schema (or an always-null one) for these: the element texts (docs, footnote 4).
                return array(scalar(FieldType.STRING, t -> t, PgExtraValues::bitText));
            case CHAR_ARRAY: case INET_ARRAY: case CIDR_ARRAY: case MONEY_ARRAY: case INTERVAL_ARRAY: case POINT_ARRAY:
            case INT4RANGE_ARRAY: case INT8RANGE_ARRAY: case NUMRANGE_ARRAY: case TSRANGE_ARRAY: case TSTZRANGE_ARRAY:
            case DATERANGE_ARRAY: case TSVECTOR_ARRAY:
                // array<string> of the element texts as PostgreSQL writes them (its output functions, with the
                // session's lc_monetary, IntervalStyle, extra_float_digits, TimeZone): text only, never re-rendered.
                return array(scalar(FieldType.STRING, t -> t, null));
            default: return null;
        }
    }

    private static ColumnType scalar(FieldType type, ValueDecoder decoder, BinaryDecoder binary) {
        return new ColumnType(type, decoder, binary, null);
    }

    private static ColumnType array(ColumnType element) {
        ValueDecoder decode = element.decoder();
        BinaryDecoder binary = element.binary();
        return new ColumnType(new FieldType.Array(element.type()), t -> ArrayText.parse(t, decode),
                binary == null ? null : b -> PgBinaryValues.array(b, binary), null);
    }

    /** An {@code int2vector}/{@code oidvector} of {@code element}s: {@code array<element>}, the text split at spaces. */
    private static ColumnType vector(ColumnType element) {
        ValueDecoder decode = element.decoder();
        BinaryDecoder binary = element.binary();
        return new ColumnType(new FieldType.Array(element.type()), t -> spaceSeparated(t, decode),
                b -> PgBinaryValues.vector(b, binary), null);
    }

    private static List<Object> spaceSeparated(String text, ValueDecoder element) {
        List<Object> values = new java.util.ArrayList<>();
        for (String item : text.trim().split(" +")) if (!item.isEmpty()) values.add(element.decode(item));
        return values;
    }

    /**
     * {@code numeric(p,s)}: decimal(p,s) (decimal(s,s) when PostgreSQL 15+'s scale exceeds the precision);
     * a negative scale (PostgreSQL 15+: rounded to 10^-s) holds integers of up to p - s digits:
     * decimal(p - s, 0). Unconstrained: the exact text, as the Debezium engine gives it.
     */
    private static ColumnType numeric(int typmod) {
        if (typmod < 4) {
            return scalar(FieldType.STRING, t -> plain(number(t, "an unconstrained numeric")),
                    b -> plain(PgBinaryValues.numeric(b)));
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = NumericTypmod.scale(typmod);
        if (scale < 0) {
            String type = "numeric(" + precision + "," + scale + ")";
            return scalar(new FieldType.Decimal(precision - scale, 0),
                    t -> number(t, type).setScale(0, RoundingMode.UNNECESSARY),
                    b -> PgBinaryValues.numeric(b).setScale(0, RoundingMode.UNNECESSARY));
        }
        String type = "decimal(" + precision + "," + scale + ")";
        return scalar(new FieldType.Decimal(Math.max(precision, Math.max(scale, 1)), scale),
                t -> number(t, type).setScale(scale, RoundingMode.UNNECESSARY),
                b -> PgBinaryValues.numeric(b).setScale(scale, RoundingMode.UNNECESSARY));
    }

    /** As VariableScaleDecimal carries an unconstrained numeric: no trailing zeros, never an exponent. */
    private static String plain(BigDecimal value) {
        BigDecimal d = value.stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    private static BigDecimal number(String text, String type) {
        if (!text.isEmpty() && !Character.isDigit(text.charAt(text.length() - 1))) {
            throw new IllegalArgumentException("'" + text + "' is not a number; " + type + " holds only numbers");
        }
        return new BigDecimal(text);
    }

    private static Boolean bool(String text) {
        if ("t".equals(text)) return Boolean.TRUE;
        if ("f".equals(text)) return Boolean.FALSE;
        throw new IllegalArgumentException("'" + text + "' is not a boolean");
    }

    /**
     * {@code bytea} text in either output format: hex ({@code \xdeadbeef}, the default) or escape (a database or
     * role with {@code bytea_output = 'escape'}: {@code \336\255...}, printable bytes as themselves), decoded by
     * pgjdbc's {@code PGbytea}.
     */
    private static byte[] bytea(String text) {
        try {
            return org.postgresql.util.PGbytea.toBytes(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.sql.SQLException | RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not bytea text (hex or escape format): " + e.getMessage(), e);
        }
    }

    /** ISO date, {@code yyyy-mm-dd} with an optional {@code BC} (year 1 BC is proleptic year 0). */
    static LocalDate date(String text) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            throw new IllegalArgumentException("date value '" + text + "' is PostgreSQL 'infinity' / '-infinity', not a date");
        }
        boolean bc = text.endsWith(" BC");
        String d = bc ? text.substring(0, text.length() - 3) : text;
        int firstDash = d.indexOf('-');
        int year = Integer.parseInt(d.substring(0, firstDash));
        int month = Integer.parseInt(d.substring(firstDash + 1, firstDash + 3));
        int day = Integer.parseInt(d.substring(firstDash + 4, firstDash + 6));
        return LocalDate.of(bc ? 1 - year : year, month, day);
    }

    static LocalTime time(String text) {
        long micros = timeMicros(text, 0, text.length());
        if (micros >= MICROS_PER_DAY) {
            throw new IllegalArgumentException("time value " + micros + " µs is not a time of day in 00:00..23:59:59.999999"
                    + " (PostgreSQL '24:00:00')");
        }
        return LocalTime.ofNanoOfDay(micros * 1000L);
    }

    /** {@code hh:mm:ss[.ffffff]} between {@code from} and {@code to}, in microseconds. */
    static long timeMicros(String text, int from, int to) {
        long hours = Integer.parseInt(text, from, from + 2, 10);
        long minutes = Integer.parseInt(text, from + 3, from + 5, 10);
        long seconds = Integer.parseInt(text, from + 6, from + 8, 10);
        long micros = 0;
        if (to > from + 8 && text.charAt(from + 8) == '.') {
            int digits = to - from - 9;
            micros = Integer.parseInt(text, from + 9, to, 10);
            for (int i = digits; i < 6; i++) micros *= 10;
        }
        return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000L + micros;
    }

    /** {@code timestamp}: the wall clock read as UTC, as the Debezium engine does. */
    static Instant timestamp(String text) {
        infinity(text);
        boolean bc = text.endsWith(" BC");
        String t = bc ? text.substring(0, text.length() - 3) : text;
        int space = t.indexOf(' ');
        LocalDate date = date(t.substring(0, space) + (bc ? " BC" : ""));
        long micros = timeMicros(t, space + 1, t.length());
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(micros * 1000L)).toInstant(ZoneOffset.UTC);
    }

    /** {@code timestamptz}: {@code yyyy-mm-dd hh:mm:ss[.f]±hh[:mm[:ss]][ BC]}, as an instant. */
    static Instant timestamptz(String text) {
        infinity(text);
        boolean bc = text.endsWith(" BC");
        String t = bc ? text.substring(0, text.length() - 3) : text;
        int space = t.indexOf(' ');
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (sign < space) throw new IllegalArgumentException("'" + text + "' has no UTC offset");
        LocalDate date = date(t.substring(0, space) + (bc ? " BC" : ""));
        long micros = timeMicros(t, space + 1, sign);
        String[] offset = t.substring(sign + 1).split(":");
        int offsetSeconds = Integer.parseInt(offset[0]) * 3600
                + (offset.length > 1 ? Integer.parseInt(offset[1]) * 60 : 0)
                + (offset.length > 2 ? Integer.parseInt(offset[2]) : 0);
        if (t.charAt(sign) == '-') offsetSeconds = -offsetSeconds;
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(micros * 1000L))
                .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    private static void infinity(String text) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            throw new IllegalArgumentException("timestamp value '" + text
                    + "' is PostgreSQL 'infinity' / '-infinity', not an instant");
        }
    }
}
