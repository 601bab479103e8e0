package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.copy.CopyOut;

import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads the rows of a {@code COPY ... TO STDOUT (FORMAT binary)} stream as {@link TupleData} of binary
 * values (the types' send formats, the same pgoutput sends in binary mode), so the snapshot and the
 * stream share one set of decoders and the snapshot parses no text. Hand-written: pgjdbc's copy API
 * hands over the raw bytes only. Format: an 11-byte signature, flags and header-extension length
 * (int32 each) and the extension, then per row an int16 field count (-1 ends the data) and per field
 * an int32 length (-1 for NULL) and the bytes.
 *
 * <p>Reads pgjdbc's CopyData messages ({@link CopyOut#readFromCopy()}) in place rather than through
 * {@code PGCopyInputStream} + {@code BufferedInputStream} + {@code DataInputStream}: those copied every
 * byte once more and took the buffered stream's monitor for each of a field length's four bytes (about
 * 60 lock round trips a row), a tenth of the pipeline thread in a profile of the snapshot. A value may
 * still straddle two messages (the format does not promise a row per message); the slow paths join them.
 */
final class CopyBinaryRows implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final byte[] NO_BYTES = {};

    private final CopyOut copy;
    private byte[] message = NO_BYTES;
    private int at;

    /** @param copy a started {@code COPY ... TO STDOUT (FORMAT binary)}; cancelled by {@link #close()} if still running */
    CopyBinaryRows(CopyOut copy) throws SQLException, IOException {
        this.copy = copy;
        try {
            if (!Arrays.equals(bytes(SIGNATURE.length), SIGNATURE)) throw new IOException("not a binary COPY stream");
            int32(); // flags: no OIDs since PostgreSQL 12, none we need
            skip(int32()); // header extension
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                close(); // the caller gets no reader to close: leave no COPY running on its connection
            } catch (SQLException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The next row, or null after the last (the COPY then has ended). */
    TupleData next() throws SQLException, IOException {
        int fields = int16();
        if (fields < 0) {
            while (copy.readFromCopy() != null) {
                // the trailer is the data's end: read on to the COPY's end, so close() has nothing to cancel
            }
            return null;
        }
        byte[] kinds = new byte[fields];
        byte[][] values = new byte[fields][];
        for (int i = 0; i < fields; i++) {
            int length = int32();
            if (length < 0) {
                kinds[i] = TupleData.NULL;
                continue;
            }
            kinds[i] = TupleData.BINARY;
            values[i] = bytes(length);
        }
        return new TupleData(kinds, values);
    }

    private int int16() throws SQLException, EOFException {
        if (message.length - at >= 2) {
            int value = (short) ((message[at] << 8) | (message[at + 1] & 0xff));
            at += 2;
            return value;
        }
        return (short) ((u8() << 8) | u8());
    }

    private int int32() throws SQLException, EOFException {
        if (message.length - at >= 4) {
            byte[] m = message;
            int i = at;
            at = i + 4;
            return (m[i] << 24) | ((m[i + 1] & 0xff) << 16) | ((m[i + 2] & 0xff) << 8) | (m[i + 3] & 0xff);
        }
        return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
    }

    private int u8() throws SQLException, EOFException {
        while (at == message.length) nextMessage();
        return message[at++] & 0xff;
    }

    private byte[] bytes(int length) throws SQLException, EOFException {
        byte[] out = new byte[length];
        int got = 0;
        while (got < length) {
            while (at == message.length) nextMessage();
            int take = Math.min(length - got, message.length - at);
            System.arraycopy(message, at, out, got, take);
            at += take;
            got += take;
        }
        return out;
    }

    private void skip(int length) throws SQLException, EOFException {
        for (int left = length; left > 0; ) {
            while (at == message.length) nextMessage();
            int take = Math.min(left, message.length - at);
            at += take;
            left -= take;
        }
    }

    private void nextMessage() throws SQLException, EOFException {
        byte[] next = copy.readFromCopy();
        if (next == null) throw new EOFException("the binary COPY stream ended before its trailer");
        message = next;
        at = 0;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) copy.cancelCopy();
    }
}
