package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.postgresql.core.Encoding;
import org.postgresql.util.HStoreConverter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text and binary decoders of the column types beyond the basic ones ({@link PgTextTypes}): {@code timetz},
 * {@code interval}, {@code money}, {@code bit}/{@code varbit}, {@code point}, {@code macaddr}/{@code macaddr8},
 * {@code oid}, and the extension types {@code hstore}, {@code ltree}, {@code citext}. Each gives the value the Debezium engine's conversion gives (Debezium's
 * {@code PostgresValueConverter}, then the toolkit's {@code ConnectTypeMapper}); pgjdbc's classes parse where
 * they can ({@link PGInterval}, {@link PGpoint}); what is hand-written says why.
 */
final class PgExtraValues {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    /** Debezium's {@code io.debezium.data.geometry.Point} schema, as the Debezium engine's {@code StructPlan} maps it. */
    static final RowSchema POINT = RowSchema.of("io.debezium.data.geometry.Point", List.of(
            new Field("x", FieldType.FLOAT64, false, null, null), new Field("y", FieldType.FLOAT64, false, null, null),
            new Field("wkb", FieldType.BYTES, true, null, null), new Field("srid", FieldType.INT32, true, null, null)));
    /** The doc of Debezium's Point schema, which the Debezium engine's row field carries. */
    static final String POINT_DOC = "Geometry (POINT)";

    /**
     * {@code money} as PostgreSQL's {@code cash_out} writes it in the C and {@code en_US} locales
     * ({@code $1,234.56}, {@code -$0.01}). Other locales' layouts are refused rather than guessed: the same
     * digits mean another amount there ({@code €1.234,56}).
     */
    private static final Pattern MONEY = Pattern.compile("(-?)\\$([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)(\\.[0-9]+)?");

    private PgExtraValues() {
    }

    // ---- timetz: Debezium's ZonedTime, the time shifted to UTC, ISO_OFFSET_TIME ----

    /** {@code hh:mm:ss[.ffffff]±hh[:mm[:ss]]}. Hand-written: pgjdbc parses timetz only inside its ResultSet. */
    static String timetz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign < 8) throw new IllegalArgumentException("'" + text + "' has no UTC offset");
        long micros = PgTextTypes.timeMicros(text, 0, sign);
        String[] offset = text.substring(sign + 1).split(":");
        int east = Integer.parseInt(offset[0]) * 3600 + (offset.length > 1 ? Integer.parseInt(offset[1]) * 60 : 0)
                + (offset.length > 2 ? Integer.parseInt(offset[2]) : 0);
        if (text.charAt(sign) == '-') east = -east;
        return utcTime(micros, -east);
    }

    /** Send format: int64 µs of the day, int32 zone in seconds west of UTC. */
    static String timetz(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        long micros = buffer.getLong();
        return utcTime(micros, buffer.getInt());
    }

    private static String utcTime(long micros, int westSeconds) {
        if (micros < 0 || micros >= MICROS_PER_DAY) {
            throw new IllegalArgumentException("time value " + micros + " µs is not a time of day in 00:00..23:59:59.999999"
                    + " (PostgreSQL '24:00:00')");
        }
        long utc = Math.floorMod(micros + westSeconds * 1_000_000L, MICROS_PER_DAY);
        return OffsetTime.of(LocalTime.ofNanoOfDay(utc * 1000L), ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_TIME);
    }

    // ---- interval: Debezium's Interval string (interval.handling.mode=string) of pgjdbc's PGInterval ----

    static String interval(String text) {
        try {
            return iso(new PGInterval(text));
        } catch (SQLException e) {
            throw new IllegalArgumentException("'" + text + "' is not an interval: " + e.getMessage(), e);
        }
    }

    /** Send format: int64 µs, int32 days, int32 months; split into PGInterval's fields as its text parser splits them. */
    static String interval(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        long micros = buffer.getLong();
        int days = buffer.getInt();
        int months = buffer.getInt();
        long hours = micros / MICROS_PER_HOUR;
        if (hours != (int) hours) throw new IllegalArgumentException(hours + " hours exceed an interval's int field");
        long rest = micros % MICROS_PER_HOUR;
        int minutes = (int) (rest / MICROS_PER_MINUTE);
        double seconds = (rest % MICROS_PER_MINUTE) / 1_000_000.0; // the exact quotient, rounded as parsing its text rounds
        return iso(new PGInterval(months / 12, months % 12, days, (int) hours, minutes, seconds));
    }

    private static String iso(PGInterval i) {
        // Debezium's own format function, so both engines write the same string.
        return io.debezium.time.Interval.toIsoString(i.getYears(), i.getMonths(), i.getDays(), i.getHours(),
                i.getMinutes(), BigDecimal.valueOf(i.getSeconds()));
    }

    // ---- money: decimal of scale 2, as the Debezium engine reads the stream's text ----

    /**
     * The amount of a {@code money} text. Hand-written: pgjdbc's PGmoney holds a double, which loses cents
     * beyond 2^53; the exact amount is the text's.
     */
    static BigDecimal money(String text) {
        Matcher m = MONEY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("money text '" + text + "' is not in the layout of the C or en_US"
                    + " lc_monetary ($1,234.56), the only one read");
        }
        String digits = m.group(2).replace(",", "") + (m.group(3) == null ? "" : m.group(3));
        BigDecimal amount = new BigDecimal(digits).setScale(2, java.math.RoundingMode.UNNECESSARY);
        return m.group(1).isEmpty() ? amount : amount.negate();
    }

    // ---- bit(n), varbit: bit(1) a boolean, longer ones Debezium's Bits (little-endian bytes) ----

    /** bit(1): true for {@code 1}. */
    static Boolean bit(String text) {
        if (text.length() != 1) throw new IllegalArgumentException("'" + text + "' is not a single bit");
        return text.charAt(0) == '1';
    }

    /**
     * As Debezium turns the bit string into bytes: bit 0 is the rightmost character, and the bytes are
     * {@link BitSet#toByteArray()} (little-endian, as long as the highest set bit needs).
     */
    static byte[] bits(String text) {
        int n = text.length();
        BitSet set = new BitSet(n);
        for (int i = n - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '1') set.set(n - i - 1);
            else if (c != '0') throw new IllegalArgumentException("'" + text + "' is not a bit string");
        }
        return set.toByteArray();
    }

    /** Send format of bit and varbit: int32 bit count, then the bits, most significant first. */
    static String bitText(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        int n = buffer.getInt();
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) out.append((b[4 + i / 8] >> (7 - i % 8) & 1) == 1 ? '1' : '0');
        return out.toString();
    }

    // ---- point: Debezium's Point struct {x, y, wkb, srid} ----

    static Row point(String text) {
        try {
            PGpoint p = new PGpoint(text);
            return point(p.x, p.y);
        } catch (SQLException e) {
            throw new IllegalArgumentException("'" + text + "' is not a point: " + e.getMessage(), e);
        }
    }

    /** Send format: two float8. */
    static Row point(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return point(buffer.getDouble(), buffer.getDouble());
    }

    /** WKB of a 2D point as Debezium's Point builds it: byte order 1 (little-endian), type 1, x, y. */
    private static Row point(double x, double y) {
        ByteBuffer wkb = ByteBuffer.allocate(21).put((byte) 1).order(ByteOrder.LITTLE_ENDIAN);
        wkb.putInt(1).putDouble(x).putDouble(y);
        return Row.wrap(POINT, new Object[] {x, y, wkb.array(), null});
    }

    // ---- macaddr, macaddr8: the text macaddr_out writes (lower-case hex, colons) ----

    static String macaddr(byte[] b) {
        StringBuilder out = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) out.append(':');
            out.append(Character.forDigit(b[i] >> 4 & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return out.toString();
    }

    // ---- hstore: Debezium's JSON string (hstore.handling.mode=json) ----

    private static final JsonFactory JSON = new JsonFactory();

    /** As Debezium: pgjdbc's {@link HStoreConverter} map, written by Jackson field by field in the map's order. */
    static String hstore(String text) {
        return json(HStoreConverter.fromString(text));
    }

    /** Send format (int32 count, then per pair int32 length and bytes, -1 for a NULL value), pgjdbc's binary reader. */
    static String hstore(byte[] b) {
        try {
            return json(HStoreConverter.fromBytes(b, Encoding.getDatabaseEncoding("UTF8")));
        } catch (SQLException e) {
            throw new IllegalArgumentException("not an hstore value: " + e.getMessage(), e);
        }
    }

    private static String json(Map<String, String> map) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> e : map.entrySet()) json.writeStringField(e.getKey(), e.getValue());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** oid: an unsigned int32. */
    static Long oid(byte[] b) {
        return ByteBuffer.wrap(b).getInt() & 0xffffffffL;
    }
}
