package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;

import java.nio.charset.StandardCharsets;

/**
 * How one column type is read: the field type the Debezium engine gives it, the text decoder, the
 * binary decoder (or none), and what an unchanged TOASTed value (not sent by the server) becomes.
 *
 * @param type         the field type
 * @param decoder      text → value
 * @param binary       binary (send format) → the same value; null for a type whose send format the reader
 *                     does not decode (its output function is locale- or setting-dependent, e.g. {@code money},
 *                     {@code interval[]}, {@code inet}): such a column is read as text, the snapshot's COPY selects
 *                     its output text and the stream runs in text mode ({@link RelationPlans#streamsBinary})
 * @param toastMarker  the value standing for an unchanged TOASTed value (the Debezium engine's
 *                     placeholder), or null when such a value makes the event unreadable
 * @param doc          the field's doc as the Debezium engine's schema has it (Debezium's semantic schemas'
 *                     doc, e.g. {@code point}'s), or null
 */
record ColumnType(FieldType type, ValueDecoder decoder, BinaryDecoder binary, Object toastMarker, String doc) {

    ColumnType(FieldType type, ValueDecoder decoder, BinaryDecoder binary, Object toastMarker) {
        this(type, decoder, binary, toastMarker, null);
    }

    /** Whether the reader decodes this type's send format (else it reads the column as text). */
    boolean readsBinary() {
        return binary != null;
    }

    /**
     * A binary-format value: the send format when the type has a binary decoder, else the output text
     * the snapshot's COPY selected for the column (binary COPY sends a {@code text} value as its UTF-8 bytes).
     */
    Object decodeBinary(byte[] value) {
        return binary != null ? binary.decode(value) : decoder.decode(new String(value, StandardCharsets.UTF_8));
    }
}
