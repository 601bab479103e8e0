package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;

/**
 * How one column type is read: the field type the Debezium engine gives it, the text decoder, and
 * what an unchanged TOASTed value (not sent by the server) becomes.
 *
 * @param type         the field type
 * @param decoder      text → value
 * @param binary       binary (send format) → the same value
 * @param toastMarker  the value standing for an unchanged TOASTed value (the Debezium engine's
 *                     placeholder), or null when such a value makes the event unreadable
 */
record ColumnType(FieldType type, ValueDecoder decoder, BinaryDecoder binary, Object toastMarker) {
}
