package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * Turns PostgreSQL's text form of one value (its type output function, as pgoutput in text mode and
 * {@code COPY ... TO STDOUT} write it) into the Java value its {@link io.cdctoolkit.engine.data.FieldType}
 * documents. Throws {@link IllegalArgumentException} for a value the field type cannot hold (the
 * event is then unreadable, as with the Debezium engine).
 */
@FunctionalInterface
interface ValueDecoder {
    Object decode(String text);
}
