package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the rows of a {@code COPY ... TO STDOUT (FORMAT binary)} stream as {@link TupleData} of binary
 * values (the types' send formats, the same pgoutput sends in binary mode), so the snapshot and the
 * stream share one set of decoders and the snapshot parses no text. Hand-written: pgjdbc's copy API
 * hands over the raw bytes only. Format: an 11-byte signature, flags and header-extension length
 * (int32 each) and the extension, then per row an int16 field count (-1 ends the data) and per field
 * an int32 length (-1 for NULL) and the bytes.
 */
final class CopyBinaryRows implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private final DataInputStream in;

    CopyBinaryRows(InputStream copy) throws IOException {
        this.in = new DataInputStream(new BufferedInputStream(copy, 65_536));
        byte[] signature = new byte[SIGNATURE.length];
        in.readFully(signature);
        if (!Arrays.equals(signature, SIGNATURE)) throw new IOException("not a binary COPY stream");
        in.readInt(); // flags: no OIDs since PostgreSQL 12, none we need
        in.skipNBytes(in.readInt()); // header extension
    }

    /** The next row, or null after the last. */
    TupleData next() throws IOException {
        int fields = in.readShort();
        if (fields < 0) return null;
        byte[] kinds = new byte[fields];
        byte[][] values = new byte[fields][];
        for (int i = 0; i < fields; i++) {
            int length = in.readInt();
            if (length < 0) {
                kinds[i] = TupleData.NULL;
                continue;
            }
            kinds[i] = TupleData.BINARY;
            values[i] = new byte[length];
            in.readFully(values[i]);
        }
        return new TupleData(kinds, values);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
