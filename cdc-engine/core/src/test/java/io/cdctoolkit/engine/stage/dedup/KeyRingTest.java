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
        DedupKey a = new DedupKey(new byte[] {0, 31});
        DedupKey b = new DedupKey(new byte[] {1, 0});
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        KeyRing ring = new KeyRing(4);
        ring.add(a, 1);
        assertThat(ring.contains(a)).isTrue();
        assertThat(ring.contains(b)).isFalse();
        ring.add(b, 2);
        ring.removeEldest();
        assertThat(ring.contains(a)).isFalse();
        assertThat(ring.contains(b)).isTrue();
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
                // Two bytes each, many sharing a hash (31 * x + y), so probe chains run long.
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
