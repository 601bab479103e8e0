package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * Turns PostgreSQL's binary form of one value (its type's send function, as pgoutput writes it with
 * {@code binary 'true'}) into the same Java value the column's {@link ValueDecoder} gives for its text
 * form. Throws {@link IllegalArgumentException} for a value the field type cannot hold.
 */
@FunctionalInterface
interface BinaryDecoder {
    Object decode(byte[] value);
}
