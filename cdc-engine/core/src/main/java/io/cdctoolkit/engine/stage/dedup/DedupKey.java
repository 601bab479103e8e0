package io.cdctoolkit.engine.stage.dedup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The exact bytes that identify one delivered event (see {@link DedupKeyEncoder}): compared whole,
 * so two different events never share a key (no hash collisions in {@code position} mode).
 */
final class DedupKey {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x9E3779B97F4A7C15L, M2 = 0xC2B2AE3D27D4EB4FL;

    private final byte[] bytes;
    private final int hash;

    DedupKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /**
     * A well-mixed hash of the key bytes, read eight at a time. Hand-written because the JDK's only byte[]
     * hash ({@link Arrays#hashCode(byte[])}) is a byte-at-a-time polynomial (a serial multiply chain per byte
     * on JDK 17) and no hashing library is on core's class path; it runs once per event on the hot path.
     * Only used in memory (the log stores keys, not hashes), so it may change between versions.
     */
    static int hash(byte[] b) {
        int n = b.length;
        long h = M1 ^ n;
        int i = 0;
        for (; i + 8 <= n; i += 8) h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * M2), 31) * M1;
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 8) tail |= (b[i] & 0xFFL) << shift;
        h ^= tail * M2;
        // MurmurHash3's 64-bit finalizer: every input bit reaches every output bit.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE53B4EC5L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The key's bytes, as written to the log; not copied, never to be changed. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DedupKey other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "DedupKey[" + bytes.length + " bytes]"; // never the key material: it holds row values
    }
}
