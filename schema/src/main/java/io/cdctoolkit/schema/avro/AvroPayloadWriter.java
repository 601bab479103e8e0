package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.schema.format.PayloadWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows as Avro binary datums of their derived schema, directly through a reused
 * {@link BinaryEncoder} (no GenericRecord per event). The datum is first written to a reused buffer,
 * so a row with a value that does not fit writes nothing at all to {@code out}. Not thread-safe (one
 * per schema on the pipeline thread, as {@link PayloadWriter} says).
 */
final class AvroPayloadWriter implements PayloadWriter {

    private final AvroRecordWriter root;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);

    AvroPayloadWriter(AvroRecordWriter root) {
        this.root = root;
    }

    @Override
    public void write(Row row, OutputStream out) throws IOException {
        try {
            root.write(row, encoder);
            encoder.flush();
            buffer.writeTo(out);
        } finally {
            // After a failure the encoder may still hold part of the datum: push it into the buffer
            // and drop it there, so the next row starts clean.
            encoder.flush();
            buffer.reset();
        }
    }
}
