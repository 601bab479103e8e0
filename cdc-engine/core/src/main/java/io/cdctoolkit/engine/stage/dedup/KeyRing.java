package io.cdctoolkit.engine.stage.dedup;

import java.util.Arrays;

/**
 * The window's keys: at most {@code capacity}, kept in the order they were added (a ring), the oldest
 * leaving first, with membership in O(1) through an open-addressing index.
 *
 * <p>Hand-written because a window of 100,000 keys is mostly cold in the CPU cache and it is looked up
 * and updated for every event: a {@code LinkedHashMap} costs about five cache misses per new key (bucket,
 * node, eldest node, its bucket, the next eldest), this about two (the index slot of the new key and of
 * the eldest; the ring's arrays are read in order). No library on the class path offers a FIFO-evicting
 * set (Caffeine's bound admits by frequency, see {@link DedupWindow}). Not thread-safe.
 */
final class KeyRing {

    private final byte[][] keys;
    private final int[] hashes;
    private final long[] times;
    private int head;
    private int size;
    // Linear probing; 0 = empty, else (hash << 32) | (ring slot + 1). Kept at most half full.
    private final long[] index;
    private final int mask;
    private final int shift;

    KeyRing(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        times = new long[capacity];
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(2, capacity) * 2 - 1);
        index = new long[1 << bits];
        mask = index.length - 1;
        shift = 32 - bits;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == keys.length;
    }

    boolean contains(DedupKey key) {
        byte[] bytes = key.bytes();
        int hash = key.hashCode();
        for (int p = home(hash); ; p = (p + 1) & mask) {
            long e = index[p];
            if (e == 0) return false;
            if ((int) (e >>> 32) == hash && Arrays.equals(keys[(int) e - 1], bytes)) return true;
        }
    }

    /** Adds a key that is not in the ring; the ring must not be full. */
    void add(DedupKey key, long time) {
        int slot = head + size;
        if (slot >= keys.length) slot -= keys.length;
        keys[slot] = key.bytes();
        hashes[slot] = key.hashCode();
        times[slot] = time;
        size++;
        int p = home(key.hashCode());
        while (index[p] != 0) p = (p + 1) & mask;
        index[p] = ((long) key.hashCode() << 32) | (slot + 1);
    }

    /** When the oldest key was added; the ring must not be empty. */
    long eldestTime() {
        return times[head];
    }

    /** Removes the oldest key; the ring must not be empty. */
    void removeEldest() {
        int slot = head;
        int p = home(hashes[slot]);
        while ((int) index[p] - 1 != slot) p = (p + 1) & mask;
        deleteAt(p);
        keys[slot] = null;
        head = head + 1 == keys.length ? 0 : head + 1;
        size--;
    }

    /** The i-th oldest key's bytes and time, for writing the log in order. */
    byte[] keyAt(int i) {
        return keys[ringSlot(i)];
    }

    long timeAt(int i) {
        return times[ringSlot(i)];
    }

    private int ringSlot(int i) {
        int slot = head + i;
        return slot >= keys.length ? slot - keys.length : slot;
    }

    // Fibonacci hashing: takes the index bits from the hash's top, mixed from all of its bits.
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    // Backward-shift deletion (Knuth, Algorithm R): keeps every probe chain unbroken without tombstones.
    private void deleteAt(int p) {
        int hole = p;
        for (int q = (p + 1) & mask; index[q] != 0; q = (q + 1) & mask) {
            int ideal = home((int) (index[q] >>> 32));
            if (((q - ideal) & mask) >= ((q - hole) & mask)) {
                index[hole] = index[q];
                hole = q;
            }
        }
        index[hole] = 0;
    }
}
