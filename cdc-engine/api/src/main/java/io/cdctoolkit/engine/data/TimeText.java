package io.cdctoolkit.engine.data;

import java.time.LocalDate;

/**
 * The JSON renderings of dates, times and timestamps ({@code yyyy-MM-dd}, {@code HH:mm:ss.SSSSSS},
 * {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}) as ASCII digits written straight into a byte array, for years
 * 0000-9999 (every value a database sends in practice). Written by hand because
 * {@code DateTimeFormatter} costs several hundred nanoseconds per value, and {@code LocalDate.toString}
 * a string and a builder, on every temporal column of every event; other years take the formatter
 * ({@link RowJson}), with the same text ({@code RowJsonTimeTextTest} holds the two to it).
 */
final class TimeText {

    /** {@code yyyy-MM-dd}. */
    static final int DATE_LENGTH = 10;
    /** {@code HH:mm:ss.SSSSSS}. */
    static final int TIME_LENGTH = 15;
    /** {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. */
    static final int TIMESTAMP_LENGTH = 27;

    static final long SECONDS_PER_DAY = 86_400L;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the seconds {@link #timestamp} takes. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;

    /** "00", "01", ... "99". */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private TimeText() {
    }

    /** True when {@link #timestamp} can write the instant at this epoch second (years 0000-9999). */
    static boolean writable(long epochSecond) {
        return epochSecond >= MIN_SECOND && epochSecond <= MAX_SECOND;
    }

    /** True when {@link #date} can write the year. */
    static boolean writableYear(int year) {
        return year >= 0 && year <= 9999;
    }

    /** Writes {@code yyyy-MM-dd} at {@code at}; returns the index after it. */
    static int date(byte[] b, int at, int year, int month, int day) {
        twoDigits(b, at, year / 100);
        twoDigits(b, at + 2, year % 100);
        b[at + 4] = '-';
        twoDigits(b, at + 5, month);
        b[at + 7] = '-';
        twoDigits(b, at + 8, day);
        return at + DATE_LENGTH;
    }

    /** Writes {@code HH:mm:ss.SSSSSS} at {@code at}; returns the index after it. */
    static int time(byte[] b, int at, int secondOfDay, int micros) {
        twoDigits(b, at, secondOfDay / 3_600);
        b[at + 2] = ':';
        twoDigits(b, at + 3, secondOfDay / 60 % 60);
        b[at + 5] = ':';
        twoDigits(b, at + 6, secondOfDay % 60);
        b[at + 8] = '.';
        twoDigits(b, at + 9, micros / 10_000);
        twoDigits(b, at + 11, micros / 100 % 100);
        twoDigits(b, at + 13, micros % 100);
        return at + TIME_LENGTH;
    }

    /** Writes {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} at {@code at} (a {@link #writable} second); returns the index after it. */
    static int timestamp(byte[] b, int at, long epochSecond, int micros) {
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        at = date(b, at, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        b[at++] = 'T';
        at = time(b, at, (int) (epochSecond - epochDay * SECONDS_PER_DAY), micros);
        b[at++] = 'Z';
        return at;
    }

    /** {@code value} (0-99) as two digits, from a table: half the divisions of a digit at a time. */
    private static void twoDigits(byte[] b, int at, int value) {
        b[at] = DIGIT_PAIRS[2 * value];
        b[at + 1] = DIGIT_PAIRS[2 * value + 1];
    }
}
