package io.cdctoolkit.engine.source.debezium;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the one shape Debezium gives every {@code ZonedTimestamp} ({@code timestamptz} values):
 * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, UTC, 0 to 9 fraction digits. Hand-written because
 * {@code OffsetDateTime.parse} costs about a microsecond per value through {@code DateTimeFormatter}'s
 * general machinery, on the thread that feeds the pipeline; this reads the fixed positions directly.
 * Anything else (another offset, a year past 9999, {@code infinity}) returns null, and the caller
 * falls back to {@code OffsetDateTime.parse}, which gives the same answer or the same error.
 */
final class UtcTimestampText {

    private UtcTimestampText() {
    }

    /** The instant {@code text} names, fraction cut to microseconds; null when not of the fixed shape. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59
                || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        long nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) return null;
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) return null;
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) nanos *= 10;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) return null;
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos - nanos % 1_000L);
    }

    /** The decimal number in {@code text[from, from+count)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            value = value * 10 + d;
        }
        return value;
    }
}
