package io.cdctoolkit.schema.format;

import io.cdctoolkit.engine.data.Row;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows of one row schema as the payload of a framed record (the bytes after the wire-format
 * header). Compiled once per row schema by a {@link SchemaFormat}: the per-event path does no name
 * lookups and builds no schema or generic record. Not thread-safe; the encoder owns one per schema
 * and calls it on the pipeline thread.
 */
@FunctionalInterface
public interface PayloadWriter {

    /**
     * Writes {@code row}.
     *
     * @throws IllegalArgumentException when a value cannot be represented in the format (the message
     *                                  names the field); the encoder turns it into on_error
     */
    void write(Row row, OutputStream out) throws IOException;
}
