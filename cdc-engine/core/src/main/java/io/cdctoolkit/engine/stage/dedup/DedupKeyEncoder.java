package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the {@link DedupKey} of an event: table, primary key, op, then the source position
 * ({@link KeyMode#POSITION}) or a SHA-256 of the row image ({@link KeyMode#CONTENT}; for a backfill's row, its
 * snapshot point too).
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
            NO_POSITION_FIELDS = 15, LATIN1 = 16, BACKFILL_POINT = 17;

    private final KeyMode mode;
    private final MessageDigest digest;
    private byte[] buf = new byte[256];
    private int len;
    // Content mode: the row image is encoded here, then hashed.
    private DedupKeyEncoder content;

    DedupKeyEncoder(KeyMode mode) {
        this.mode = mode;
        this.digest = mode == KeyMode.CONTENT ? sha256() : null;
    }

    /**
     * The event's key, or null when it has none in this mode: {@code position} mode and an event without a
     * position, which then can never be recognised as a re-delivery and is never dropped.
     */
    DedupKey keyOf(ChangeEvent event) {
        if (mode == KeyMode.POSITION && event.position() == null) return null;
        len = 0;
        writeTable(event.table());
        writeByte((byte) event.op().code().charAt(0));
        writeRow(event.key());
        if (mode == KeyMode.POSITION) {
            writePosition(event.position());
        } else {
            writeByte(DIGEST);
            writeDigest(rowImage(event));
            writeBackfillPoint(event.position());
        }
        return new DedupKey(Arrays.copyOf(buf, len));
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
            // PostgreSQL: change LSN and commit LSN; SQL Server: commit LSN, change LSN, serial number.
            "lsn", "lsn_commit", "commit_lsn", "change_lsn", "event_serial_no",
            // MySQL/MariaDB: binlog file, transaction start, events and rows into it.
            "file", "pos", "event", "row",
            // datagen
            "seq"};

    private static int changeField(String field) {
        return switch (field) {
            case "lsn" -> 0;
            case "lsn_commit" -> 1;
            case "commit_lsn" -> 2;
            case "change_lsn" -> 3;
            case "event_serial_no" -> 4;
            case "file" -> 5;
            case "pos" -> 6;
            case "event" -> 7;
            case "row" -> 8;
            case "seq" -> 9;
            default -> -1;
        };
    }

    // Values of CHANGE_FIELDS found in the position being encoded, by index; reused.
    private final Object[] found = new Object[CHANGE_FIELDS.length];

    /**
     * Writes the change fields in a fixed order, not the map's: a reader may build its offsets with
     * {@code Map.of}, whose iteration order changes from one JVM to the next, and keys must match across
     * restarts.
     */
    private void writePosition(SourcePosition position) {
        Map<String, Object> offset = position.offset();
        anyFound = false;
        offset.forEach(collectChangeField); // forEach: no entry objects, unlike entrySet() through a read-only view
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

    private boolean anyFound;
    private final java.util.function.BiConsumer<String, Object> collectChangeField = (name, value) -> {
        int i = changeField(name);
        if (i >= 0 && value != null) {
            found[i] = value;
            anyFound = true;
        }
    };

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
        digest.reset();
        digest.update(content.buf, 0, content.len);
        byte[] hash = digest.digest();
        ensure(hash.length);
        System.arraycopy(hash, 0, buf, len, hash.length);
        len += hash.length;
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
        } else {
            // java.time values (FieldType's other representations): their ISO text is exact and unique per value.
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
     */
    private void writeString(String s) {
        int n = s.length();
        boolean latin1 = true;
        for (int i = 0; i < n && latin1; i++) latin1 = s.charAt(i) < 0x100;
        if (latin1) {
            writeByte(LATIN1);
            writeLength(n);
            ensure(n);
            for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
            return;
        }
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

    private void writeInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
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
