package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.PayloadWriter;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The compiled Protobuf writer of one row schema: sizes the row (checking every value), then encodes
 * it with {@link CodedOutputStream} into a buffer reused across rows, and copies that to the output.
 * No {@code DynamicMessage} and no descriptor lookups per row. Writes the message alone: the
 * message-index header belongs to the wire framing.
 */
final class ProtoRowWriter implements PayloadWriter {

    private final ProtoMessageWriter message;
    private byte[] buffer = new byte[256];

    /** @param message the top-level message {@code schema} derived to (its field numbers are written) */
    ProtoRowWriter(RowSchema schema, Descriptor message) {
        this.message = ProtoMessageWriters.row(schema, message, "");
    }

    @Override
    public void write(Row row, OutputStream out) throws IOException {
        int size = message.size(row);
        if (buffer.length < size) buffer = new byte[Math.max(size, buffer.length * 2)];
        CodedOutputStream coded = CodedOutputStream.newInstance(buffer, 0, size);
        message.write(coded, row);
        coded.checkNoSpaceLeft();
        out.write(buffer, 0, size);
    }
}
