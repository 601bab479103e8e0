package io.cdctoolkit.engine.data;

/**
 * Why a reader could not turn a source record into a {@link Row} (a value outside what its
 * {@link FieldType} can hold, such as PostgreSQL {@code timestamptz 'infinity'}). The event that
 * carries it keeps its table, op, topic, key (when convertible) and position, so the pipeline can
 * apply {@code on_error} to it like to any rejected event; it never reaches a stage or an encoder.
 *
 * @param field  the column at fault (dotted for nested values), or null when unknown
 * @param reason what is wrong, for a person to read (names the value's kind, never a secret)
 * @param raw    the source record as the reader received it, as UTF-8 JSON, so a dead-letter record
 *               loses nothing; null when the reader cannot render it
 */
public record Unreadable(String field, String reason, byte[] raw) {
}
