package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.FieldException;

import java.time.Instant;
import java.util.Locale;

/**
 * The unit of a Unix-time integer (Kafka's {@code unix.precision}): how integer inputs are read and
 * integer outputs written. Conversions are exact: a value that does not fit the unit (a timestamp
 * with milliseconds written as seconds, nanoseconds beyond the microseconds a timestamp holds) is an
 * error, where Kafka truncates.
 */
enum UnixPrecision {
    SECONDS(1_000_000_000L),
    MILLISECONDS(1_000_000L),
    MICROSECONDS(1_000L),
    NANOSECONDS(1L);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long nanosPerUnit;

    UnixPrecision(long nanosPerUnit) {
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The option spelling ({@code milliseconds}). */
    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    static UnixPrecision parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The instant {@code value} units after the epoch. */
    Instant toInstant(long value, String path) throws FieldException {
        long unitsPerSecond = NANOS_PER_SECOND / nanosPerUnit;
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long nanos = Math.floorMod(value, unitsPerSecond) * nanosPerUnit;
        if (nanos % 1_000 != 0) {
            throw new FieldException(path, "has nanoseconds, which a timestamp (microseconds) cannot hold");
        }
        // Timestamps are 64-bit epoch microseconds downstream: a value beyond them is not a timestamp.
        // (Microsecond and nanosecond values always fit.)
        if (nanosPerUnit > 1_000) {
            try {
                Math.multiplyExact(value, nanosPerUnit / 1_000);
            } catch (ArithmeticException e) {
                throw new FieldException(path, "is outside the range of timestamps (64-bit epoch microseconds)");
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@code instant} in units since the epoch. */
    long fromInstant(Instant instant, String path) throws FieldException {
        if (instant.getNano() % nanosPerUnit != 0) {
            throw new FieldException(path, "is more precise than unix " + spelling()
                    + " can hold (set unix_precision to keep every digit)");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND / nanosPerUnit),
                    instant.getNano() / nanosPerUnit);
        } catch (ArithmeticException e) {
            throw new FieldException(path, "is outside the range of unix " + spelling() + " in 64 bits");
        }
    }

    /** A time of day ({@code nanoOfDay}) in units since midnight, as Kafka writes a Time as unix. */
    long fromNanoOfDay(long nanoOfDay, String path) throws FieldException {
        if (nanoOfDay % nanosPerUnit != 0) {
            throw new FieldException(path, "is more precise than unix " + spelling()
                    + " can hold (set unix_precision to keep every digit)");
        }
        return nanoOfDay / nanosPerUnit;
    }
}
