package io.cdctoolkit.engine.stage.dedup;

/** What identifies a delivered event in the deduplication window ({@code cdc_features.deduplication.key}). */
enum KeyMode {
    /** Table, primary key, op and the source position: a re-delivery of one change, never two changes. */
    POSITION,
    /** Table, primary key, op and a SHA-256 of the row image: for sources without positions. */
    CONTENT;

    /** The mode a config names ({@code position} or {@code content}). */
    static KeyMode of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
