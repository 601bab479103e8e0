package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CopyBinaryRows} against the server: each field's bytes are the type's send function's output (the server
 * computes them itself with {@code int4send}, {@code textsend} …), NULLs are NULLs, whether the stream comes as the
 * server's messages or cut anywhere else (a value or a length straddling two messages); a COPY read to its end
 * leaves the connection usable, one closed early is cancelled.
 */
class CopyBinaryRowsTest {

    private static final String COLUMNS = "id, note, amount, at, blob";
    private static final String SENDS = "int4send(id), textsend(note), numeric_send(amount), timestamptz_send(at), byteasend(blob)";
    private static final String TABLE = "CREATE TABLE t (id int PRIMARY KEY, note text, amount numeric(12,2), at timestamptz, blob bytea)";
    private static final String ROWS = "INSERT INTO t SELECT g,"
            + " CASE WHEN g % 7 = 0 THEN NULL WHEN g % 7 = 1 THEN '' WHEN g = 52 THEN repeat('é-long ', 20000) WHEN g % 7 = 2 THEN repeat('x', g * 3)"
            + "      ELSE 'note ' || g || ' ✓' END,"
            + " CASE WHEN g % 5 = 0 THEN NULL ELSE g * 1.25 - 300 END,"
            + " CASE WHEN g % 11 = 0 THEN NULL ELSE timestamptz '2024-02-29 12:00:00+00' + g * interval '1 hour 1 second' END,"
            + " CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN ''::bytea ELSE decode(md5(g::text), 'hex') END"
            + " FROM generate_series(1, 400) g";

    private static PostgresServer pg;
    private static String db;

    @BeforeAll
    static void table() throws SQLException {
        pg = PostgresServer.shared();
        db = pg.createDatabase("pg_copy_binary_rows");
        pg.execute(db, TABLE, ROWS);
    }

    @Test
    void theServersMessagesGiveEachFieldAsItsSendFunctionWritesIt() throws Exception {
        try (Connection c = pg.connect(db)) {
            List<byte[][]> expected = sendOutputs(c);
            List<byte[][]> read;
            try (CopyBinaryRows rows = new CopyBinaryRows(copyOut(c))) {
                read = readAll(rows);
            }
            assertSameRows(read, expected);
            assertThat(oneRow(c)).as("the COPY ended: the connection runs queries again").isEqualTo(1);
        }
    }

    @Test
    void theSameBytesCutAnywhereGiveTheSameRows() throws Exception {
        try (Connection c = pg.connect(db)) {
            List<byte[][]> expected = sendOutputs(c);
            byte[] stream = wholeStream(c);
            for (int size : new int[] {1, 2, 3, 5, 7, 64, 1000, 70_000}) {
                try (CopyBinaryRows rows = new CopyBinaryRows(new Chunks(stream, size))) {
                    assertSameRows(readAll(rows), expected);
                }
            }
            // A header extension (none is defined yet; a reader must skip it), read in pieces.
            byte[] extended = withHeaderExtension(stream, new byte[] {9, 8, 7, 6, 5});
            for (int size : new int[] {1, 4, 13, 100}) {
                try (CopyBinaryRows rows = new CopyBinaryRows(new Chunks(extended, size))) {
                    assertSameRows(readAll(rows), expected);
                }
            }
        }
    }

    @Test
    void aStreamEndingInsideARowOrNotACopyIsRefused() throws Exception {
        byte[] stream;
        try (Connection c = pg.connect(db)) {
            stream = wholeStream(c);
        }
        byte[] cut = Arrays.copyOf(stream, stream.length / 2);
        assertThatThrownBy(() -> {
            try (CopyBinaryRows rows = new CopyBinaryRows(new Chunks(cut, 100))) {
                readAll(rows);
            }
        }).isInstanceOf(EOFException.class).hasMessageContaining("ended before its trailer");
        byte[] text = "1\tnote\n".repeat(10).getBytes();
        assertThatThrownBy(() -> new CopyBinaryRows(new Chunks(text, 100)))
                .hasMessageContaining("not a binary COPY stream");
    }

    @Test
    void closingBeforeTheEndCancelsTheCopy() throws Exception {
        // (pgjdbc leaves a cancelled COPY's connection out of step for its next query; the snapshot closes it.)
        try (Connection c = pg.connect(db)) {
            CopyOut copy = copyOut(c);
            try (CopyBinaryRows rows = new CopyBinaryRows(copy)) {
                assertThat(rows.next()).isNotNull();
                assertThat(copy.isActive()).isTrue();
            }
            assertThat(copy.isActive()).isFalse();
        }
    }

    private static CopyOut copyOut(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (SELECT " + COLUMNS + " FROM t ORDER BY id) TO STDOUT (FORMAT binary)");
    }

    private static byte[] wholeStream(Connection c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (SELECT " + COLUMNS + " FROM t ORDER BY id) TO STDOUT (FORMAT binary)", out);
        return out.toByteArray();
    }

    /** The server's own send-function bytes of every field, row by row (null for NULL). */
    private static List<byte[][]> sendOutputs(Connection c) throws SQLException {
        List<byte[][]> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + SENDS + " FROM t ORDER BY id")) {
            while (r.next()) {
                byte[][] row = new byte[5][];
                for (int i = 0; i < 5; i++) row[i] = r.getBytes(i + 1);
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<byte[][]> readAll(CopyBinaryRows rows) throws Exception {
        List<byte[][]> read = new ArrayList<>();
        for (TupleData row = rows.next(); row != null; row = rows.next()) {
            byte[][] values = new byte[row.kinds().length][];
            for (int i = 0; i < values.length; i++) {
                if (row.kinds()[i] == TupleData.NULL) {
                    assertThat(row.values()[i]).isNull();
                } else {
                    assertThat(row.kinds()[i]).isEqualTo(TupleData.BINARY);
                    values[i] = row.values()[i];
                }
            }
            read.add(values);
        }
        return read;
    }

    private static void assertSameRows(List<byte[][]> read, List<byte[][]> expected) {
        assertThat(read).hasSameSizeAs(expected).hasSize(400);
        for (int r = 0; r < expected.size(); r++) {
            for (int i = 0; i < 5; i++) {
                assertThat(read.get(r)[i]).as("row %d field %d", r + 1, i).isEqualTo(expected.get(r)[i]);
            }
        }
    }

    private static byte[] withHeaderExtension(byte[] stream, byte[] extension) {
        int lengthAt = 11 + 4; // after the signature and the flags
        assertThat(Arrays.copyOfRange(stream, lengthAt, lengthAt + 4)).as("the server sends no extension").containsOnly(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream, 0, lengthAt);
        out.write(new byte[] {0, 0, 0, (byte) extension.length}, 0, 4);
        out.write(extension, 0, extension.length);
        out.write(stream, lengthAt + 4, stream.length - lengthAt - 4);
        return out.toByteArray();
    }

    private static int oneRow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** A finished COPY's bytes handed over as messages of {@code size} bytes (the last one shorter). */
    private static final class Chunks implements CopyOut {
        private final byte[] stream;
        private final int size;
        private int at;

        Chunks(byte[] stream, int size) {
            this.stream = stream;
            this.size = size;
        }

        @Override
        public byte[] readFromCopy() {
            if (at >= stream.length) return null;
            byte[] chunk = Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size));
            at += chunk.length;
            return chunk;
        }

        @Override
        public byte[] readFromCopy(boolean block) {
            return readFromCopy();
        }

        @Override
        public boolean isActive() {
            return at < stream.length;
        }

        @Override
        public void cancelCopy() {
            at = stream.length;
        }

        @Override
        public int getFieldCount() {
            return 5;
        }

        @Override
        public int getFormat() {
            return 1;
        }

        @Override
        public int getFieldFormat(int field) {
            return 1;
        }

        @Override
        public long getHandledRowCount() {
            return -1;
        }
    }
}
