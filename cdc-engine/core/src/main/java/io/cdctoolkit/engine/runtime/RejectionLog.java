package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.TableId;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Which skipped or dead-lettered events get a log line of their own. When a table's every event is rejected (a column
 * whose values no longer fit the schema, a registry refusing the table's new schema), one WARN line per event would be
 * one per row of a backlog: millions of lines, and the first one's reason lost among them. So each table gets at most
 * {@value #LINES_PER_MINUTE} lines a minute; the last of them says that the next ones are counted, not logged, and the
 * first line of the next minute says how many were. Every rejection is still counted ({@code cdc.events.skipped},
 * {@code cdc.events.dead_lettered}, the run's summary) and every dead letter is in its topic: only lines are saved.
 *
 * <p>Written by hand: it is a counter per table and a minute. Logback's {@code DuplicateMessageFilter} drops the
 * repeats of a message pattern for good, across tables, with no count and no new minute, and a library user's logging
 * configuration would have to add it. Runs on the pipeline thread only.
 */
final class RejectionLog {

    /** Lines per table and minute. */
    static final int LINES_PER_MINUTE = 10;
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** What to log of one rejection. */
    record Line(boolean written, long unloggedBefore, boolean lastThisMinute) {

        static final Line QUIET = new Line(false, 0, false);
        static final Line PLAIN = new Line(true, 0, false);

        /** What to append to the event's line: how many went unlogged before it, or that the next ones will. */
        String suffix(TableId table) {
            if (lastThisMinute) {
                return " (" + LINES_PER_MINUTE + " lines this minute for table " + table + ": the next ones are"
                        + " counted, not logged, until the minute is over)";
            }
            if (unloggedBefore > 0) {
                return " (" + unloggedBefore + " more of table " + table + " were counted, not logged, since the last"
                        + " line)";
            }
            return "";
        }
    }

    private static final class Minute {
        long start;
        int lines;
        long unlogged;
    }

    private final LongSupplier nanoClock;
    private final Map<TableId, Minute> minutes = new HashMap<>();

    /** A log that reads time from {@link System#nanoTime()}. */
    RejectionLog() {
        this(System::nanoTime);
    }

    RejectionLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The line (or none) for the next rejected event of {@code table}. */
    Line next(TableId table) {
        long now = nanoClock.getAsLong();
        Minute minute = minutes.get(table);
        if (minute == null) {
            minute = new Minute();
            minute.start = now;
            minutes.put(table, minute);
        } else if (now - minute.start >= MINUTE_NANOS) {
            minute.start = now;
            minute.lines = 0;
        }
        if (minute.lines == LINES_PER_MINUTE) {
            minute.unlogged++;
            return Line.QUIET;
        }
        minute.lines++;
        long unlogged = minute.unlogged;
        minute.unlogged = 0;
        boolean last = minute.lines == LINES_PER_MINUTE;
        return unlogged == 0 && !last ? Line.PLAIN : new Line(true, unlogged, last);
    }
}
