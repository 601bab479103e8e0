package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the {@link DedupKey} of an event: table, op, key, then the source position ({@link KeyMode#POSITION}; and a
 * SHA-256 of the row image where the position is one several changes share) or a SHA-256 of the row image
 * ({@link KeyMode#CONTENT}; for a backfill's row, its snapshot point too). A key must name one change: two changes
 * that share a key are taken for one, and the second is dropped.
 *
 * <p>Hand-written rather than JSON or Java serialization: the key is built twice per event on the hot
 * path (at {@code apply} and at delivery), so it goes into one reused buffer with no intermediate
 * objects. The encoding is injective: every part is tagged and length-prefixed, so two different
 * events never produce the same bytes. It is also stable across runs (no identity hashes, no
 * {@code hashCode}), since keys are reloaded from the log after a restart. Not thread-safe: one
 * encoder per thread of use.
 */
final class DedupKeyEncoder {

    private static final byte NULL = 0, STRING = 1, LONG = 2, BOOL = 3, DOUBLE = 4, FLOAT = 5, BYTES = 6,
            DECIMAL = 7, UUID_TAG = 8, ROW = 9, LIST = 10, MAP = 11, OTHER = 12, POSITION_FIELD = 13, DIGEST = 14,
            NO_POSITION_FIELDS = 15, LATIN1 = 16, BACKFILL_POINT = 17, INSTANT = 18, DATE = 19, TIME = 20;

    private static final int DIGEST_LENGTH = 32; // SHA-256

    private final KeyMode mode;
    // Made when first needed: position mode hashes only the rows of shared positions.
    private MessageDigest digest;
    private byte[] buf = new byte[256];
    private int len;
    // Content mode: the row image is encoded here, then hashed.
    private DedupKeyEncoder content;

    DedupKeyEncoder(KeyMode mode) {
        this.mode = mode;
    }

    /**
     * The event's key, or null when nothing in this mode tells a re-delivery of the event from another change, so that
     * it is never dropped: an event without a position in {@code position} mode; an event of a table without a key
     * (no primary key, none set by a transform) whose position does not name one change ({@link #namesOneChange}), or
     * in {@code content} mode, where two equal rows of such a table are two rows, not one delivered twice.
     */
    DedupKey keyOf(ChangeEvent event) {
        boolean keyless = event.key() == null || event.key().schema().size() == 0;
        SourcePosition position = event.position();
        len = 0;
        if (mode == KeyMode.POSITION) {
            if (position == null) return null;
            Map<String, Object> offset = position.offset(); // the native reader's builds a map at each call
            readOffset(offset);
            boolean oneChange = position.firstAtOffset() || namesOneChange(event.op());
            if (keyless && !oneChange) {
                forgetOffset();
                return null;
            }
            writeTable(event.table());
            writeString(event.op().code());
            writeRow(event.key());
            writePosition(offset);
            writeBackfillMark();
            if (!oneChange) {
                // The position names a point several changes share (a snapshot's rows, one WAL record's inserts after
                // its first): the key tells them apart only if unique, and a transform (value_to_key) may have made
                // it not.
                writeByte(DIGEST);
                writeDigest(rowImage(event));
            }
        } else {
            if (keyless) return null;
            writeTable(event.table());
            writeString(event.op().code());
            writeRow(event.key());
            writeByte(DIGEST);
            writeDigest(rowImage(event));
            writeBackfillPoint(position);
        }
        return new DedupKey(Arrays.copyOf(buf, len));
    }

    /**
     * Whether the position names one change, not a point several changes share (or, {@link
     * SourcePosition#firstAtOffset}, the change is the first at such a point). The native PostgreSQL reader numbers
     * each change within its transaction and each row within its snapshot ({@code index}); datagen numbers every event
     * ({@code seq}). The Debezium engines do not number reads: every row of a snapshot, or of a backfill (Debezium's
     * blocking snapshot), carries the same snapshot point or paused stream position. Their streamed changes are named
     * by the binlog's events and rows into a transaction (MySQL, MariaDB) or the change LSN and serial number (SQL
     * Server); a PostgreSQL LSN names one WAL record, which holds one updated or deleted row (or one message) but may
     * hold several inserted ones ({@code COPY} writes multi-insert records).
     */
    private boolean namesOneChange(Op op) {
        if (found[INDEX] != null || found[SEQ] != null) return true;
        if (op == Op.READ) return false;
        if (found[EVENT] != null || found[BINLOG_ROW] != null || found[CHANGE_LSN] != null) return true;
        boolean oneRowPerRecord = op == Op.UPDATE || op == Op.DELETE || op == Op.TRUNCATE || op == Op.MESSAGE;
        return oneRowPerRecord && found[LSN] != null;
    }

    /**
     * Position mode: a backfill's mark ({@link SourcePosition#BACKFILL}). A Debezium-engine backfill reads at the
     * stream's paused position, the same for the snapshot and for each backfill on an idle server; its id tells its
     * rows from theirs. (A native backfill's {@code lsn} is its own already; the mark changes nothing there.)
     */
    private void writeBackfillMark() {
        if (backfill == null || Boolean.FALSE.equals(backfill)) return;
        writeByte(BACKFILL_POINT);
        writeValue(backfill);
    }

    /**
     * Content mode, a backfill's row ({@link SourcePosition#BACKFILL}): its snapshot point and marker too. A backfill is
     * asked for to deliver rows again, so its rows must not be taken for re-deliveries of the same values delivered
     * earlier (the snapshot's, an earlier backfill's); each backfill reads at its own point (native PostgreSQL: its
     * {@code lsn}) or carries its own id (Debezium's blocking snapshot, whose rows share the stream's paused position).
     * The rows the same backfill delivered twice (a restart re-reads them at a new point, under a new id) then all
     * pass, as they would without deduplication.
     */
    private void writeBackfillPoint(SourcePosition position) {
        if (position == null) return;
        Map<String, Object> offset = position.offset();
        Object backfill = offset.get(SourcePosition.BACKFILL);
        if (backfill == null || Boolean.FALSE.equals(backfill)) return;
        writeByte(BACKFILL_POINT);
        writeValue(offset.get("lsn"));
        if (!Boolean.TRUE.equals(backfill)) writeValue(backfill);
    }

    /**
     * The fields of a position that name one change in the source, in the order they are written. Debezium's
     * offsets also carry fields about the reader's progress ({@code lsn_proc}: the last LSN completely
     * processed, which after a restart may differ for the same change; {@code ts_usec}, {@code gtids},
     * snapshot flags), which would make a replayed change look new. Positions with none of these fields
     * are keyed by all their fields.
     */
    private static final String[] CHANGE_FIELDS = {
            // PostgreSQL: change LSN and commit LSN (the native reader: and the change's number in its transaction or
            // snapshot); SQL Server: commit LSN, change LSN, serial number.
            "lsn", "lsn_commit", "index", "commit_lsn", "change_lsn", "event_serial_no",
            // MySQL/MariaDB: binlog file, transaction start, events and rows into it.
            "file", "pos", "event", "row",
            // datagen
            "seq"};

    // Indexes into CHANGE_FIELDS (and found) of the fields namesOneChange asks about.
    private static final int LSN = 0, INDEX = 2, CHANGE_LSN = 4, EVENT = 8, BINLOG_ROW = 9, SEQ = 10;

    private static int changeField(String field) {
        return switch (field) {
            case "lsn" -> LSN;
            case "lsn_commit" -> 1;
            case "index" -> INDEX;
            case "commit_lsn" -> 3;
            case "change_lsn" -> CHANGE_LSN;
            case "event_serial_no" -> 5;
            case "file" -> 6;
            case "pos" -> 7;
            case "event" -> EVENT;
            case "row" -> BINLOG_ROW;
            case "seq" -> SEQ;
            default -> -1;
        };
    }

    // What readOffset found in the position being encoded: the values of CHANGE_FIELDS, by index, and the backfill
    // mark; reused, and cleared by writePosition or forgetOffset.
    private final Object[] found = new Object[CHANGE_FIELDS.length];
    private boolean anyFound;
    private Object backfill;
    private final java.util.function.BiConsumer<String, Object> collectChangeField = (name, value) -> {
        int i = changeField(name);
        if (i >= 0 && value != null) {
            found[i] = value;
            anyFound = true;
        } else if (SourcePosition.BACKFILL.equals(name)) {
            backfill = value;
        }
    };

    /** Takes what the key needs from the offset in one pass (a hash lookup per field asked about cost more). */
    private void readOffset(Map<String, Object> offset) {
        anyFound = false;
        backfill = null;
        offset.forEach(collectChangeField); // forEach: no entry objects, unlike entrySet() through a read-only view
    }

    private void forgetOffset() {
        Arrays.fill(found, null);
    }

    /**
     * Writes the change fields ({@link #readOffset}) in a fixed order, not the map's: a reader may build its offsets
     * with {@code Map.of}, whose iteration order changes from one JVM to the next, and keys must match across
     * restarts.
     */
    private void writePosition(Map<String, Object> offset) {
        if (anyFound) {
            for (int i = 0; i < found.length; i++) {
                if (found[i] == null) continue;
                writeByte(POSITION_FIELD);
                writeByte((byte) i); // the field's index in CHANGE_FIELDS: shorter keys than its name
                writeValue(found[i]);
                found[i] = null;
            }
            return;
        }
        writeByte(NO_POSITION_FIELDS);
        for (String name : new java.util.TreeSet<>(offset.keySet())) writePositionField(name, offset.get(name));
    }

    private void writePositionField(String name, Object value) {
        writeByte(POSITION_FIELD);
        writeString(name);
        // Offsets read back from JSON may hold an Integer where the reader made a Long: one tag for both.
        writeValue(value);
    }

    /** The row a content key hashes: the envelope's {@code after}, or {@code before} for a delete; a flat row whole. */
    private static Row rowImage(ChangeEvent event) {
        Row value = event.value();
        if (value == null || !Envelope.isEnvelope(value.schema())) return value;
        Row after = Envelope.after(value);
        return after != null ? after : Envelope.before(value);
    }

    private void writeDigest(Row image) {
        if (content == null) content = new DedupKeyEncoder(KeyMode.POSITION);
        content.len = 0;
        content.writeRow(image);
        if (digest == null) digest = sha256();
        digest.reset();
        digest.update(content.buf, 0, content.len);
        ensure(DIGEST_LENGTH);
        try {
            len += digest.digest(buf, len, DIGEST_LENGTH); // into the key: no array per hash
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e); // cannot happen: room was made
        }
    }

    // A pipeline sees few tables: each one's bytes are encoded once.
    private final Map<TableId, byte[]> tables = new java.util.HashMap<>();

    private void writeTable(TableId table) {
        byte[] bytes = tables.get(table);
        if (bytes == null) {
            int start = len;
            writeNullableString(table.database());
            writeNullableString(table.schema());
            writeNullableString(table.table());
            tables.put(table, Arrays.copyOfRange(buf, start, len));
            return;
        }
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void writeRow(Row row) {
        if (row == null) {
            writeByte(NULL);
            return;
        }
        writeByte(ROW);
        int n = row.schema().size();
        writeLength(n);
        for (int i = 0; i < n; i++) writeValue(row.get(i));
    }

    private void writeValue(Object v) {
        if (v == null) {
            writeByte(NULL);
        } else if (v instanceof String s) {
            writeByte(STRING);
            writeString(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            writeByte(LONG);
            writeLong(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            writeByte(BOOL);
            writeByte((byte) (b ? 1 : 0));
        } else if (v instanceof Double d) {
            writeByte(DOUBLE);
            writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            writeByte(FLOAT);
            writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof byte[] bytes) {
            writeByte(BYTES);
            writeBytes(bytes);
        } else if (v instanceof BigDecimal d) {
            // Scale included: 1.0 and 1.00 are different values as the source holds them.
            writeByte(DECIMAL);
            writeInt(d.scale());
            writeBytes(d.unscaledValue().toByteArray());
        } else if (v instanceof UUID u) {
            writeByte(UUID_TAG);
            writeLong(u.getMostSignificantBits());
            writeLong(u.getLeastSignificantBits());
        } else if (v instanceof Row r) {
            writeRow(r);
        } else if (v instanceof List<?> list) {
            writeByte(LIST);
            writeLength(list.size());
            for (Object o : list) writeValue(o);
        } else if (v instanceof Map<?, ?> map) {
            writeByte(MAP);
            writeLength(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeValue(e.getKey());
                writeValue(e.getValue());
            }
        } else if (v instanceof Instant t) {
            // FieldType's time values as numbers: exact, and far cheaper than their ISO text on the hot path.
            writeByte(INSTANT);
            writeLong(t.getEpochSecond());
            writeInt(t.getNano());
        } else if (v instanceof LocalDate d) {
            writeByte(DATE);
            writeLong(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            writeByte(TIME);
            writeLong(t.toNanoOfDay());
        } else {
            // Other values: their class and text (java.time's ISO text is exact and unique per value).
            writeByte(OTHER);
            writeString(v.getClass().getName());
            writeString(v.toString());
        }
    }

    private void writeNullableString(String s) {
        if (s == null) {
            writeByte(NULL);
        } else {
            writeByte(STRING);
            writeString(s);
        }
    }

    /**
     * Length-prefixed; one byte per char when every char is below U+0100 (tagged {@code LATIN1}), else UTF-16
     * code units: injective without an encoder or a temporary array, and short for the usual names and keys.
     * One pass for the usual text: the chars are copied as they are checked, and written again as UTF-16 only
     * when one is not Latin-1.
     */
    private void writeString(String s) {
        int n = s.length();
        ensure(1 + 5 + n);
        int start = len;
        buf[len++] = LATIN1;
        writeLength(n);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x100) {
                len = start;
                writeUtf16(s);
                return;
            }
            b[at++] = (byte) c;
        }
        len = at;
    }

    private void writeUtf16(String s) {
        int n = s.length();
        writeLength(n);
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            buf[len++] = (byte) (c >>> 8);
            buf[len++] = (byte) c;
        }
    }

    // Lengths and counts as unsigned LEB128 varints: one byte below 128, prefix-free.
    private void writeLength(int n) {
        ensure(5);
        while ((n & ~0x7F) != 0) {
            buf[len++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[len++] = (byte) n;
    }

    private void writeBytes(byte[] bytes) {
        writeLength(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void writeByte(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    // Big-endian, one bounds-checked store each (byte-identical to writing the bytes one by one).
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private void writeInt(int v) {
        ensure(4);
        INTS.set(buf, len, v);
        len += 4;
    }

    private void writeLong(long v) {
        ensure(8);
        LONGS.set(buf, len, v);
        len += 8;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every JVM must provide it
        }
    }
}
