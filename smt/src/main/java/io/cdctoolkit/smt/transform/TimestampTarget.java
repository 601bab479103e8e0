package io.cdctoolkit.smt.transform;

import java.util.List;

/** What {@code timestamp_converter} converts to (Kafka's {@code target.type}). */
enum TimestampTarget {
    STRING, UNIX, DATE, TIME, TIMESTAMP;

    /** The spellings {@code target_type} accepts: Kafka's, then rivven's and lower-case aliases. */
    static final List<String> SPELLINGS = List.of("string", "unix", "Date", "Time", "Timestamp",
            "iso8601", "epoch_secs", "epoch_millis", "epoch_micros", "date", "time", "timestamp");

    /**
     * A {@code target_type} spelling read.
     *
     * @param target        the target
     * @param precision     the unit the spelling implies ({@code epoch_secs}), or null
     * @param isoOnly       whether the spelling fixes the default ISO format ({@code iso8601})
     */
    record Spelled(TimestampTarget target, UnixPrecision precision, boolean isoOnly) {
    }

    static Spelled parse(String text) {
        return switch (text) {
            case "string" -> new Spelled(STRING, null, false);
            case "iso8601" -> new Spelled(STRING, null, true);
            case "unix" -> new Spelled(UNIX, null, false);
            case "epoch_secs" -> new Spelled(UNIX, UnixPrecision.SECONDS, false);
            case "epoch_millis" -> new Spelled(UNIX, UnixPrecision.MILLISECONDS, false);
            case "epoch_micros" -> new Spelled(UNIX, UnixPrecision.MICROSECONDS, false);
            case "Date", "date" -> new Spelled(DATE, null, false);
            case "Time", "time" -> new Spelled(TIME, null, false);
            case "Timestamp", "timestamp" -> new Spelled(TIMESTAMP, null, false);
            default -> throw new IllegalArgumentException("unknown target type " + text);
        };
    }
}
