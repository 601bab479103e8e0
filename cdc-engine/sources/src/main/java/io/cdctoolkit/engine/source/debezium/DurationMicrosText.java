package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The Connect schema of a MySQL / MariaDB {@code TIME} column read as a duration ({@code time_columns:
 * duration_micros}): its signed number of microseconds as decimal text. A column with this schema has the field type
 * {@code int64}; a text that is no such number (a value the converter did not get as a duration) makes the event
 * unreadable, where a converter's own failure would have Debezium deliver null.
 */
public final class DurationMicrosText {

    /** The schema name. */
    public static final String LOGICAL_NAME = "io.cdctoolkit.DurationMicrosText";
    /** The field's doc: Avro and JSON Schema carry it, so a reader of the topic learns what the number means. */
    public static final String DOC = "TIME as a duration: signed microseconds";

    private DurationMicrosText() {
    }

    /** A string schema builder (the caller sets optional). */
    public static SchemaBuilder builder() {
        return SchemaBuilder.string().name(LOGICAL_NAME).doc(DOC);
    }
}
