package io.cdctoolkit.engine.stage.dedup;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRingTest {

    @Test
    void keysWithEqualHashesStayApart() {
        DedupKey[] pair = twoKeysWithOneHash();
        DedupKey a = pair[0];
        DedupKey b = pair[1];
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b);
        KeyRing ring = new KeyRing(4);
        ring.add(a, 1);
        assertThat(ring.contains(a)).isTrue();
        assertThat(ring.contains(b)).isFalse();
        ring.add(b, 2);
        ring.removeEldest();
        assertThat(ring.contains(a)).isFalse();
        assertThat(ring.contains(b)).isTrue();
    }

    /** Two different keys whose 32-bit hashes are equal, found by search (birthday bound: ~2^16 keys). */
    private static DedupKey[] twoKeysWithOneHash() {
        java.util.Map<Integer, DedupKey> seen = new java.util.HashMap<>();
        for (int i = 0; ; i++) {
            DedupKey k = new DedupKey(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            DedupKey earlier = seen.putIfAbsent(k.hashCode(), k);
            if (earlier != null) return new DedupKey[] {earlier, k};
        }
    }

    /** Against a plain first-in first-out model: random adds, evictions and lookups on a small, crowded ring. */
    @Test
    void behavesAsABoundedFirstInFirstOutSet() {
        Random random = new Random(42);
        for (int capacity : new int[] {1, 2, 3, 7, 16, 100}) {
            KeyRing ring = new KeyRing(capacity);
            Deque<DedupKey> model = new ArrayDeque<>();
            List<DedupKey> universe = new ArrayList<>();
            for (int i = 0; i < 3 * capacity + 5; i++) {
                // Two bytes each, from a small universe on a small index, so probe chains run long.
                universe.add(new DedupKey(new byte[] {(byte) random.nextInt(4), (byte) random.nextInt(130)}));
            }
            for (int step = 0; step < 20_000; step++) {
                DedupKey key = universe.get(random.nextInt(universe.size()));
                assertThat(ring.contains(key)).as("capacity %d step %d", capacity, step).isEqualTo(model.contains(key));
                if (random.nextInt(5) == 0 && !model.isEmpty()) {
                    ring.removeEldest();
                    model.removeFirst();
                } else if (!model.contains(key)) {
                    if (ring.isFull()) {
                        ring.removeEldest();
                        model.removeFirst();
                    }
                    ring.add(key, step);
                    model.addLast(key);
                }
                assertThat(ring.size()).isEqualTo(model.size());
            }
            int i = 0;
            for (DedupKey k : model) assertThat(ring.keyAt(i++)).isEqualTo(k.bytes());
        }
    }
}
