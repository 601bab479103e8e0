package io.cdctoolkit.engine.data;

import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.core.io.NumberOutput;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 JSON text that {@link RowJson.Plan} writes rows into, token by token,
 * with exactly the bytes Jackson's {@code UTF8JsonGenerator} (default features) writes for the same
 * calls: its escape table ({@link CharTypes#get7BitOutputEscapes()}), its integer writer
 * ({@link NumberOutput}), upper-case {@code \}{@code uXXXX} escapes for control characters and for
 * each UTF-16 surrogate (Jackson does not combine pairs by default). Written by hand because the
 * generator's per-token bookkeeping (output context, separators, flush checks) was the larger part
 * of rendering a change event — half of the pipeline thread in a profile of the native reader →
 * Kafka — while a compiled plan already knows where every comma and name goes.
 * {@code RowJsonPlanTextTest} holds the two to the same bytes. One thread at a time.
 */
final class JsonUtf8Text {

    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;
    // The date part of the last timestamp: a change's timestamps mostly fall on the day of the one
    // before, and the calendar arithmetic of a day was most of a timestamp's cost.
    private long timestampDay = Long.MIN_VALUE;
    private final byte[] timestampDate = new byte[TimeText.DATE_LENGTH];

    JsonUtf8Text(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
        length = 0;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    void raw(char ascii) {
        ensure(1);
        buffer[length++] = (byte) ascii;
    }

    void nullValue() {
        raw(NULL);
    }

    void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    void number(int value) {
        ensure(11);
        length = NumberOutput.outputInt(value, buffer, length);
    }

    void number(long value) {
        ensure(20);
        length = NumberOutput.outputLong(value, buffer, length);
    }

    /**
     * {@code BigDecimal.toPlainString()}'s text of {@code unscaled} × 10^-{@code scale}, quoted, for
     * {@code |unscaled|} below 10^18 and {@code scale} 0..18: the digits go straight into the buffer,
     * where {@code toPlainString} builds a string, a builder and a string again for every value of
     * every decimal column (a twelfth of the pipeline thread in a profile of a snapshot).
     */
    void plainDecimal(long unscaled, int scale) {
        ensure(48);
        byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        if (unscaled < 0) b[at++] = '-';
        int digitsAt = at;
        at = NumberOutput.outputLong(Math.abs(unscaled), b, at);
        int digits = at - digitsAt;
        if (scale > 0 && digits <= scale) {
            // 0.000ddd: "0." and the zeros the scale asks for before the digits.
            int shift = 2 + scale - digits;
            System.arraycopy(b, digitsAt, b, digitsAt + shift, digits);
            b[digitsAt] = '0';
            b[digitsAt + 1] = '.';
            for (int i = digitsAt + 2; i < digitsAt + shift; i++) b[i] = '0';
            at += shift;
        } else if (scale > 0) {
            int point = at - scale;
            System.arraycopy(b, point, b, point + 1, scale);
            b[point] = '.';
            at++;
        }
        b[at++] = '"';
        length = at;
    }

    /** Text known to be ASCII without anything to escape (a number's digits), unquoted. */
    void asciiRaw(String text) {
        int n = text.length();
        ensure(n);
        byte[] b = buffer;
        int at = length;
        for (int i = 0; i < n; i++) b[at++] = (byte) text.charAt(i);
        length = at;
    }

    /**
     * A timestamp as {@link TimeText#timestamp}'s text, quoted; the second must be
     * {@link TimeText#writable}.
     */
    void timestamp(long epochSecond, int micros) {
        ensure(TimeText.TIMESTAMP_LENGTH + 2);
        long day = Math.floorDiv(epochSecond, TimeText.SECONDS_PER_DAY);
        if (day != timestampDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            TimeText.date(timestampDate, 0, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            timestampDay = day;
        }
        byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        System.arraycopy(timestampDate, 0, b, at, TimeText.DATE_LENGTH);
        at += TimeText.DATE_LENGTH;
        b[at++] = 'T';
        at = TimeText.time(b, at, (int) (epochSecond - day * TimeText.SECONDS_PER_DAY), micros);
        b[at++] = 'Z';
        b[at++] = '"';
        length = at;
    }

    /** A time of day as {@link TimeText#time}'s text, quoted. */
    void time(int secondOfDay, int micros) {
        ensure(TimeText.TIME_LENGTH + 2);
        byte[] b = buffer;
        b[length] = '"';
        int at = TimeText.time(b, length + 1, secondOfDay, micros);
        b[at++] = '"';
        length = at;
    }

    /** A date as {@link TimeText#date}'s text, quoted; the year must be {@link TimeText#writableYear}. */
    void date(int year, int month, int day) {
        ensure(TimeText.DATE_LENGTH + 2);
        byte[] b = buffer;
        b[length] = '"';
        int at = TimeText.date(b, length + 1, year, month, day);
        b[at++] = '"';
        length = at;
    }

    /** A UUID as {@code UUID.toString()} writes it (lower-case 8-4-4-4-12 hex), quoted, without making the string. */
    void uuid(long mostSignificant, long leastSignificant) {
        ensure(38);
        byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        hex(b, at, mostSignificant >>> 32, 8);
        b[at + 8] = '-';
        hex(b, at + 9, mostSignificant >>> 16, 4);
        b[at + 13] = '-';
        hex(b, at + 14, mostSignificant, 4);
        b[at + 18] = '-';
        hex(b, at + 19, leastSignificant >>> 48, 4);
        b[at + 23] = '-';
        hex(b, at + 24, leastSignificant, 12);
        b[at + 36] = '"';
        length = at + 37;
    }

    private static void hex(byte[] b, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            b[i] = LOWER_HEX[(int) value & 0xF];
            value >>>= 4;
        }
    }

    /** A JSON string: quoted, escaped and UTF-8 encoded as the generator's {@code writeString}. */
    void string(String text) {
        int n = text.length();
        ensure(n + 2);
        byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0x7F || ESCAPES[c] != 0) break;
            b[at++] = (byte) c;
        }
        length = at;
        if (i < n) escapedTail(text, i, n);
        ensure(1);
        buffer[length++] = '"';
    }

    /** The generator's {@code _writeStringSegment2}: escapes, multi-byte characters, surrogates as escapes. */
    private void escapedTail(String text, int from, int to) {
        ensure(6 * (to - from));
        byte[] b = buffer;
        int at = length;
        for (int i = from; i < to; i++) {
            int c = text.charAt(i);
            if (c <= 0x7F) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = (byte) escape;
                } else {
                    at = unicodeEscape(b, at, c);
                }
            } else if (c <= 0x7FF) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                at = unicodeEscape(b, at, c);
            } else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        length = at;
    }

    private static int unicodeEscape(byte[] b, int at, int c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[(c >> 12) & 0xF];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
}
