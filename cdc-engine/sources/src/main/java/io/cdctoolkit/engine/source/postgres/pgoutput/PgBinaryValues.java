package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL's binary send formats of the supported types (big-endian; dates and timestamps counted
 * from 2000-01-01), decoded without going through text. Hand-written: pgjdbc decodes these formats
 * only inside its ResultSet, not from a byte array.
 */
final class PgBinaryValues {

    private static final long PG_EPOCH_DAY = 10_957L; // 2000-01-01 as days since 1970-01-01
    private static final long PG_EPOCH_SECONDS = PG_EPOCH_DAY * 86_400L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private PgBinaryValues() {
    }

    static Boolean bool(byte[] b) {
        return b[0] != 0;
    }

    static Short int2(byte[] b) {
        return ByteBuffer.wrap(b).getShort();
    }

    static Integer int4(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }

    static Long int8(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    static Float float4(byte[] b) {
        return ByteBuffer.wrap(b).getFloat();
    }

    static Double float8(byte[] b) {
        return ByteBuffer.wrap(b).getDouble();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** jsonb: a version byte (1), then the text. */
    static String jsonb(byte[] b) {
        if (b.length == 0 || b[0] != 1) throw new IllegalArgumentException("unknown jsonb binary format version");
        return new String(b, 1, b.length - 1, StandardCharsets.UTF_8);
    }

    static UUID uuid(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static LocalDate date(byte[] b) {
        int days = ByteBuffer.wrap(b).getInt();
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            throw new UnrepresentableValue(days == Integer.MAX_VALUE ? "infinity" : "-infinity",
                    "date value is PostgreSQL 'infinity' / '-infinity', not a date");
        }
        return LocalDate.ofEpochDay(days + PG_EPOCH_DAY);
    }

    static LocalTime time(byte[] b) {
        long micros = ByteBuffer.wrap(b).getLong();
        if (micros == MICROS_PER_DAY) {
            throw new UnrepresentableValue("24:00:00", "time value " + micros + " µs is not a time of day in"
                    + " 00:00..23:59:59.999999 (PostgreSQL '24:00:00')");
        }
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw new IllegalArgumentException("time value " + micros + " µs is not a time of day in 00:00..23:59:59.999999"
                    + " (PostgreSQL '24:00:00')");
        }
        return LocalTime.ofNanoOfDay(micros * 1000L);
    }

    /** timestamp (wall clock read as UTC) and timestamptz (UTC): µs since 2000-01-01. */
    static Instant timestamp(byte[] b) {
        long micros = ByteBuffer.wrap(b).getLong();
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            throw new UnrepresentableValue(micros == Long.MAX_VALUE ? "infinity" : "-infinity",
                    "timestamp value is PostgreSQL 'infinity' / '-infinity', not an instant");
        }
        return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Base-10000 digits whose value always fits a long: 10000^4 - 1 < 2^63. */
    private static final int LONG_DIGITS = 4;

    /**
     * numeric: ndigits, weight, sign, dscale (int16 each), then ndigits base-10000 digits; the value
     * is exact, with {@code dscale} digits after the point, as the text form writes it.
     */
    static BigDecimal numeric(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        int ndigits = buffer.getShort();
        int weight = buffer.getShort();
        int sign = buffer.getShort() & 0xffff;
        int dscale = buffer.getShort();
        if (sign == 0xC000) throw new UnrepresentableValue("NaN", "'NaN' is not a number");
        if (sign == 0xD000 || sign == 0xF000) {
            String text = (sign == 0xD000 ? "" : "-") + "Infinity";
            throw new UnrepresentableValue(text, "'" + text + "' is not a number");
        }
        BigDecimal value;
        if (ndigits <= LONG_DIGITS) {
            // Up to 16 decimal digits fit a long: most columns (money, quantities) never need BigInteger.
            long unscaled = 0;
            for (int i = 0; i < ndigits; i++) unscaled = unscaled * 10_000 + buffer.getShort();
            value = BigDecimal.valueOf(unscaled, -4 * (weight - ndigits + 1));
        } else {
            BigInteger unscaled = BigInteger.ZERO;
            BigInteger base = BigInteger.valueOf(10_000);
            for (int i = 0; i < ndigits; i++) unscaled = unscaled.multiply(base).add(BigInteger.valueOf(buffer.getShort()));
            value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        }
        if (sign == 0x4000) value = value.negate();
        return value.setScale(dscale, java.math.RoundingMode.UNNECESSARY);
    }

    /**
     * A one-dimensional array whose first index is 1: ndim, has-null flag, element type, (size, lower bound) per
     * dimension, elements. Another first index makes it unreadable ({@link ArrayBounds}).
     */
    static List<Object> array(byte[] b, BinaryDecoder element) {
        return array(b, element, 1);
    }

    /** An {@code int2vector} or {@code oidvector}: an array whose first index is 0, by definition. */
    static List<Object> vector(byte[] b, BinaryDecoder element) {
        return array(b, element, 0);
    }

    private static List<Object> array(byte[] b, BinaryDecoder element, int firstIndex) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        int dimensions = buffer.getInt();
        buffer.getInt(); // has nulls
        buffer.getInt(); // element type
        if (dimensions == 0) return List.of();
        if (dimensions > 1) {
            throw new IllegalArgumentException("a nested array (a multi-dimensional value) of " + dimensions
                    + " dimensions, not a one-dimensional array");
        }
        int size = buffer.getInt();
        int lowerBound = buffer.getInt();
        if (lowerBound != firstIndex) throw new IllegalArgumentException(ArrayBounds.problem(lowerBound));
        List<Object> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int length = buffer.getInt();
            if (length < 0) {
                out.add(null);
                continue;
            }
            byte[] value = new byte[length];
            buffer.get(value);
            try {
                out.add(element.decode(value));
            } catch (UnrepresentableValue e) {
                // The element's text is not the array's: the dead-letter record shows the array's bytes.
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
