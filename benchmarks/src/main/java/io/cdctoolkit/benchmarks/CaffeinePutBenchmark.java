package io.cdctoolkit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The floor under deduplication's window: a Caffeine {@code put} of a key never seen before into a full
 * bounded cache (100,000 entries, expire after write 3600 s: {@link DeduplicationBenchmark}'s
 * {@code max_entries} and {@code ttl_seconds}), evicting one. Keys have dedup's shape: 58 bytes (the
 * size of that workload's position keys), compared by content. Caffeine's maintenance (eviction) runs on
 * the calling thread ({@code executor(Runnable::run)}), so one thread pays all of it, as the stage's
 * own window does.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CaffeinePutBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CaffeinePutBenchmark {

    private static final int WINDOW = 100_000;
    private static final int KEY_BYTES = 58;
    /** Pre-built keys, cycled: 2^18 > WINDOW, so each put's key was evicted long before (new to the cache). */
    private static final int KEYS = 1 << 18;

    /** Key bytes compared by content, hash computed once (as dedup's key carries its hash). */
    static final class BytesKey {
        private final byte[] bytes;
        private final int hash;

        BytesKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesKey other && other.hash == hash && Arrays.equals(other.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private Cache<BytesKey, Boolean> window;
    private BytesKey[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        window = Caffeine.newBuilder().maximumSize(WINDOW).expireAfterWrite(Duration.ofSeconds(3600))
                .executor(Runnable::run).build();
        keys = new BytesKey[KEYS];
        for (int i = 0; i < KEYS; i++) keys[i] = new BytesKey(keyBytes(i));
        for (int i = 0; i < WINDOW; i++) window.put(keys[i], Boolean.TRUE); // full from the start
        next = WINDOW;
    }

    /** A position-like key: a Debezium-ish offset's fields (lsn, commit lsn, txId …) as bytes. */
    private static byte[] keyBytes(int i) {
        ByteBuffer buffer = ByteBuffer.allocate(KEY_BYTES);
        long lsn = (1L << 40) + 8L * i;
        buffer.put((byte) 5).putLong(lsn).putLong(lsn - lsn % 4096).putLong(lsn - 8).putLong(lsn / 4096)
                .putLong(1_700_000_000_000_000L + lsn).putLong(i).putInt(i).putInt(~i).put((byte) 1);
        return buffer.array();
    }

    @Benchmark
    public Boolean putNewKey() {
        BytesKey key = keys[next];
        next = (next + 1) & (KEYS - 1);
        window.put(key, Boolean.TRUE);
        return Boolean.TRUE;
    }
}
