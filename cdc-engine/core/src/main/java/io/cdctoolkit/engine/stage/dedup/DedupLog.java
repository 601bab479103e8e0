package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.state.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The deduplication window on disk: an append-only file of {@code (recorded at, key)} records, memory
 * mapped so that an append is a copy into the OS page cache with no system call. Pages of a shared
 * mapping belong to the kernel, so what was appended survives a kill -9 of the process; only a crash
 * of the machine before the kernel wrote them back can lose the latest records (the log is forced to
 * disk when it is closed, not per append nor when it is rewritten).
 *
 * <p>Layout: a 16-byte header (magic, format version, key mode), then records
 * {@code [int key length][long recorded at, epoch ms][key][int CRC32C of the three]}; the rest of the
 * file is zeros. A reader stops at the first record that is incomplete or fails its checksum (a crash
 * in the middle of an append), so a torn tail costs only that record. When the file is full it is
 * rewritten with the live entries only ({@link #rewrite}), so its size stays about four times what
 * the window holds (at least {@value #MIN_CAPACITY} bytes).
 *
 * <p>Not thread-safe: {@link DedupWindow} serialises every call.
 */
final class DedupLog implements AutoCloseable {

    /** The log's file name in the source's state folder. */
    static final String FILE_NAME = "dedup.log";
    static final int MIN_CAPACITY = 1 << 20;

    private static final long MAGIC = 0x4344434445445550L; // "CDCDEDUP"
    private static final int VERSION = 1; // of the file layout and of DedupKeyEncoder's key bytes
    private static final int HEADER = 16;
    private static final int RECORD_OVERHEAD = 4 + 8 + 4;
    /** Longest key accepted when reading: larger lengths are garbage from a torn write. */
    private static final int MAX_KEY = 1 << 20;

    private final Path file;
    private final KeyMode mode;
    private final MappedByteBuffer map;
    private final CRC32C crc = new CRC32C();
    private byte[] scratch = new byte[256];

    private DedupLog(Path file, KeyMode mode, MappedByteBuffer map) {
        this.file = file;
        this.mode = mode;
        this.map = map;
    }

    /** One record: a key and when its event was acknowledged (epoch milliseconds). */
    record Entry(DedupKey key, long recordedAtMillis) {
    }

    /**
     * What a log file held.
     *
     * @param entries     the valid records, in file order
     * @param tornBytes   bytes after the last valid record that were not zeros (a record cut by a crash)
     * @param otherFormat true when the file was not a log of this version and key mode (it is then ignored)
     */
    record Contents(List<Entry> entries, long tornBytes, boolean otherFormat) {
    }

    /** Reads {@code file}; an absent file is an empty log. */
    static Contents read(Path file, KeyMode mode) throws IOException {
        if (!Files.exists(file)) return new Contents(List.of(), 0, false);
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < HEADER || in.getLong() != MAGIC || in.getInt() != VERSION || in.getInt() != mode.ordinal()) {
            return new Contents(List.of(), 0, true);
        }
        List<Entry> entries = new ArrayList<>();
        CRC32C check = new CRC32C();
        while (in.remaining() >= RECORD_OVERHEAD) {
            int start = in.position();
            int keyLength = in.getInt();
            if (keyLength <= 0 || keyLength > MAX_KEY || keyLength + 12 > in.remaining()) {
                in.position(start);
                break;
            }
            long recordedAt = in.getLong();
            byte[] key = new byte[keyLength];
            in.get(key);
            check.reset();
            check.update(in.array(), start, 12 + keyLength);
            if ((int) check.getValue() != in.getInt()) {
                in.position(start);
                break;
            }
            entries.add(new Entry(new DedupKey(key), recordedAt));
        }
        long torn = 0;
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) != 0) torn = i - in.position() + 1;
        }
        return new Contents(entries, torn, false);
    }

    /**
     * Writes a new log holding {@code entries} (to a temporary file, forced, then moved over {@code file}
     * atomically) and opens it for appends.
     */
    static DedupLog create(Path file, KeyMode mode, Collection<Entry> entries) throws IOException {
        long used = HEADER;
        for (Entry e : entries) used += RECORD_OVERHEAD + e.key().bytes().length;
        // Room for three times the live entries again: a rewrite (a pass over the window and a file write) comes
        // after at least that many appends, and the file stays within about four times the window.
        long capacity = Math.max(MIN_CAPACITY, 4 * used);
        if (capacity > Integer.MAX_VALUE) throw new IOException("deduplication log would exceed 2 GiB");
        Path tmp = file.resolveSibling(file.getFileName() + DurableFiles.TEMP_SUFFIX);
        CRC32C crc = new CRC32C();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            buf.putLong(MAGIC).putInt(VERSION).putInt(mode.ordinal());
            for (Entry e : entries) {
                byte[] key = e.key().bytes();
                if (buf.remaining() < RECORD_OVERHEAD + key.length) {
                    writeFully(out, buf);
                    if (buf.capacity() < RECORD_OVERHEAD + key.length) buf = ByteBuffer.allocate(RECORD_OVERHEAD + key.length);
                }
                int start = buf.position();
                buf.putInt(key.length).putLong(e.recordedAtMillis()).put(key);
                crc.reset();
                crc.update(buf.array(), start, 12 + key.length);
                buf.putInt((int) crc.getValue());
            }
            writeFully(out, buf);
            // Real zeros rather than a sparse file: a full disk shows here as an IOException, not later as a
            // fault while writing into the mapping.
            ByteBuffer zeros = ByteBuffer.allocate(256 * 1024);
            for (long pos = used; pos < capacity; pos += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - pos));
                while (zeros.hasRemaining()) out.write(zeros);
            }
            // No fsync: like the appends, the rewrite is meant to survive a kill of the process (the page
            // cache does), not a machine crash; forcing megabytes to disk on every rewrite would cost more
            // than all the appends between two rewrites. The atomic move keeps either the old or the new log.
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity); // stays valid after the close
        }
        map.position((int) used);
        return new DedupLog(file, mode, map);
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
    }

    /** Appends a record; false when the file is full (then {@link #rewrite} it). */
    boolean tryAppend(DedupKey key, long recordedAtMillis) {
        byte[] k = key.bytes();
        int size = RECORD_OVERHEAD + k.length;
        if (map.remaining() < size) return false;
        if (scratch.length < size) scratch = new byte[Math.max(size, 2 * scratch.length)];
        ByteBuffer.wrap(scratch).putInt(k.length).putLong(recordedAtMillis).put(k);
        crc.reset();
        crc.update(scratch, 0, 12 + k.length);
        int c = (int) crc.getValue();
        scratch[12 + k.length] = (byte) (c >>> 24);
        scratch[13 + k.length] = (byte) (c >>> 16);
        scratch[14 + k.length] = (byte) (c >>> 8);
        scratch[15 + k.length] = (byte) c;
        map.put(scratch, 0, size);
        return true;
    }

    /** Replaces this log with a new one holding only {@code live}; this one must not be used any more. */
    DedupLog rewrite(Collection<Entry> live) throws IOException {
        return create(file, mode, live);
    }

    /** Bytes the file takes. */
    long capacity() {
        return map.capacity();
    }

    /** Forces appended records to disk. The mapping itself goes when the buffer is collected. */
    @Override
    public void close() {
        map.force();
    }
}
