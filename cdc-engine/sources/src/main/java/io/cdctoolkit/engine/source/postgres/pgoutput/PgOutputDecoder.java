package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary {@code pgoutput} messages a logical replication stream delivers. Hand-written:
 * pgjdbc delivers the raw bytes of each message but has no pgoutput decoder, and the formats are a
 * short, stable, documented list (protocol versions 1-4; only the streaming and two-phase messages
 * differ between them). Changes inside a stream block carry a leading xid, which
 * {@link StreamedTransactions} reads and strips before they come here.
 */
final class PgOutputDecoder {

    private PgOutputDecoder() {
    }

    /** The message in {@code buffer} (from its position to its limit). */
    static PgOutputMessage decode(ByteBuffer buffer) {
        char tag = (char) buffer.get();
        switch (tag) {
            case 'B':
                return new PgOutputMessage.Begin(buffer.getLong(), buffer.getLong(), Integer.toUnsignedLong(buffer.getInt()));
            case 'C':
                return new PgOutputMessage.Commit(buffer.get(), buffer.getLong(), buffer.getLong(), buffer.getLong());
            case 'O':
                return new PgOutputMessage.Origin(buffer.getLong(), cstring(buffer));
            case 'R':
                return relation(buffer);
            case 'Y':
                return new PgOutputMessage.Type(buffer.getInt(), cstring(buffer), cstring(buffer));
            case 'I': {
                int oid = buffer.getInt();
                expect(buffer, 'N');
                return new PgOutputMessage.Insert(oid, tuple(buffer));
            }
            case 'U':
                return update(buffer);
            case 'D': {
                int oid = buffer.getInt();
                char kind = (char) buffer.get();
                return new PgOutputMessage.Delete(oid, kind, tuple(buffer));
            }
            case 'T': {
                int count = buffer.getInt();
                int options = buffer.get();
                int[] oids = new int[count];
                for (int i = 0; i < count; i++) oids[i] = buffer.getInt();
                return new PgOutputMessage.Truncate(options, oids);
            }
            case 'M': {
                boolean transactional = buffer.get() == 1;
                long lsn = buffer.getLong();
                String prefix = cstring(buffer);
                byte[] content = new byte[buffer.getInt()];
                buffer.get(content);
                return new PgOutputMessage.Message(transactional, lsn, prefix, content);
            }
            case 'S':
                return new PgOutputMessage.StreamStart(Integer.toUnsignedLong(buffer.getInt()), buffer.get() == 1);
            case 'E':
                return new PgOutputMessage.StreamStop();
            case 'c':
                return new PgOutputMessage.StreamCommit(Integer.toUnsignedLong(buffer.getInt()), buffer.get(),
                        buffer.getLong(), buffer.getLong(), buffer.getLong());
            case 'A':
                // Abort LSN and time follow only with streaming 'parallel', which this reader does not ask for.
                return new PgOutputMessage.StreamAbort(Integer.toUnsignedLong(buffer.getInt()),
                        Integer.toUnsignedLong(buffer.getInt()));
            default:
                return new PgOutputMessage.Other(tag);
        }
    }

    private static PgOutputMessage relation(ByteBuffer buffer) {
        int oid = buffer.getInt();
        String namespace = cstring(buffer);
        String name = cstring(buffer);
        char identity = (char) buffer.get();
        int count = buffer.getShort();
        List<PgOutputMessage.Relation.Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            String column = cstring(buffer);
            columns.add(new PgOutputMessage.Relation.Column(key, column, buffer.getInt(), buffer.getInt()));
        }
        // An empty namespace means pg_catalog, per the protocol.
        return new PgOutputMessage.Relation(oid, namespace.isEmpty() ? "pg_catalog" : namespace, name, identity,
                List.copyOf(columns));
    }

    private static PgOutputMessage update(ByteBuffer buffer) {
        int oid = buffer.getInt();
        char kind = (char) buffer.get();
        TupleData before = null;
        char oldKind = 0;
        if (kind == 'K' || kind == 'O') {
            oldKind = kind;
            before = tuple(buffer);
            kind = (char) buffer.get();
        }
        if (kind != 'N') throw new IllegalStateException("pgoutput update: expected 'N', got '" + kind + "'");
        return new PgOutputMessage.Update(oid, oldKind, before, tuple(buffer));
    }

    private static TupleData tuple(ByteBuffer buffer) {
        int count = buffer.getShort();
        byte[] kinds = new byte[count];
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte kind = buffer.get();
            kinds[i] = kind;
            if (kind == TupleData.TEXT || kind == TupleData.BINARY) {
                byte[] value = new byte[buffer.getInt()];
                buffer.get(value);
                values[i] = value;
            }
        }
        return new TupleData(kinds, values);
    }

    private static void expect(ByteBuffer buffer, char tag) {
        char got = (char) buffer.get();
        if (got != tag) throw new IllegalStateException("pgoutput: expected '" + tag + "', got '" + got + "'");
    }

    private static String cstring(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) end++;
        String s;
        if (buffer.hasArray()) {
            s = new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[end - start];
            buffer.get(start, bytes);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        buffer.position(end + 1);
        return s;
    }
}
