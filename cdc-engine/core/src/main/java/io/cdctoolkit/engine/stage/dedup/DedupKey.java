package io.cdctoolkit.engine.stage.dedup;

import java.util.Arrays;

/**
 * The exact bytes that identify one delivered event (see {@link DedupKeyEncoder}): compared whole,
 * so two different events never share a key (no hash collisions in {@code position} mode).
 */
final class DedupKey {

    private final byte[] bytes;
    private final int hash;

    DedupKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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
