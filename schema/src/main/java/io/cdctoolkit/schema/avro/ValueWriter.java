package io.cdctoolkit.schema.avro;

import org.apache.avro.io.BinaryEncoder;

import java.io.IOException;

/** Writes one value of one compiled field type as Avro binary; made once per schema, never per event. */
@FunctionalInterface
interface ValueWriter {

    /**
     * Writes {@code value} (never null unless this writer handles a nullable union).
     *
     * @throws IllegalArgumentException the value cannot be represented (the message names the field)
     */
    void write(Object value, BinaryEncoder out) throws IOException;
}
