package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The Connect schema of a time-of-day value carried as the database's text ({@code HH:MM:SS[.ffffff]}),
 * for values Debezium's own time schemas would change: PostgreSQL {@code time[]} elements reach
 * Debezium as {@code java.sql.Time}, which keeps milliseconds only and turns {@code 24:00:00} into
 * midnight. A column with this schema has the field type {@code time}; a text that is no time of
 * day (such as {@code 24:00:00}) makes the event unreadable.
 */
public final class TimeText {

    /** The schema name. */
    public static final String LOGICAL_NAME = "io.cdctoolkit.TimeText";

    private TimeText() {
    }

    /** A string schema builder (the caller sets optional). */
    public static SchemaBuilder builder() {
        return SchemaBuilder.string().name(LOGICAL_NAME);
    }
}
