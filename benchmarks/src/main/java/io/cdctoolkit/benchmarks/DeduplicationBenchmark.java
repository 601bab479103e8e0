package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Per-event cost of {@code cdc_features.deduplication} (issue 10: at most 0.5 µs per event per core).
 *
 * <ul>
 *   <li>{@code newEvent}: what every event costs — {@code apply} (key built, looked up in a full window of
 *       {@code max_entries} = 100,000 keys, passed on) and {@code onDelivered} (key built again, recorded,
 *       the oldest key evicted, a record appended to the memory-mapped log; the log's rewrite when full is
 *       amortised in).</li>
 *   <li>{@code replayedEvent}: a re-delivery, found in the window and dropped.</li>
 *   <li>{@code baseline}: the benchmark's own work in {@code newEvent} (moving the event to a new position);
 *       the stage's cost is {@code newEvent - baseline}.</li>
 * </ul>
 *
 * The stage is created as the pipeline creates it ({@code ComponentCatalog.load().feature(..)}, options
 * validated against its spec), with its log in a temporary folder. Events are {@link UsersWorkload}'s 1024
 * PostgreSQL events, cycled, as fresh from the reader as in a pipeline (in cache); each op gives the event
 * a position never seen before ({@code lsn}, {@code lsn_commit}, {@code lsn_proc}, {@code txId},
 * {@code ts_usec}, like Debezium's offsets, or the native reader's {@code lsn_commit}, {@code lsn}, {@code index}: the
 * {@code reader} parameter), so every {@code newEvent} is new to the window, and the window
 * (cold in cache, as 100,000 keys are) is full from setup on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DeduplicationBenchmark {

    private static final int EVENTS = 1024;
    private static final int WINDOW = 100_000;

    @Param({"position"})
    public String key;

    /**
     * Whose offsets the events carry: {@code debezium} (Debezium's PostgreSQL offsets of single-row changes, each the
     * first at its LSN, as the Debezium reader marks them: {@code SourcePosition#firstAtOffset}), {@code debezium_copy}
     * (the same offsets as the rows of a {@code COPY} record after its first carry them: the LSN is shared, so the
     * stage keys them by a hash of their rows too) or {@code native} (the native reader's, which name one change).
     */
    @Param({"debezium", "debezium_copy", "native"})
    public String reader;

    private Path stateDir;
    private Stage stage;
    private ChangeEvent[] events;
    private MovingPosition[] positions;
    private int next;
    private long nextLsn = 1L << 40;
    private int nextReplay;
    private Consumer<ChangeEvent> out;

    /**
     * A PostgreSQL offset, Debezium's or the native reader's, whose fields the benchmark moves on: one object per
     * pre-built event, so the event stays in cache while each op has a new position (the stage copies what it keeps).
     */
    static final class MovingPosition implements SourcePosition {
        private final Map<String, Object> offset = new LinkedHashMap<>();
        private final boolean nativeReader;
        private final boolean firstAtLsn;

        MovingPosition(boolean nativeReader, boolean firstAtLsn) {
            this.nativeReader = nativeReader;
            this.firstAtLsn = firstAtLsn;
        }

        @Override
        public boolean firstAtOffset() {
            return firstAtLsn;
        }

        void moveTo(long lsn) {
            if (nativeReader) {
                offset.put("lsn_commit", lsn - lsn % 4096);
                offset.put("lsn", lsn);
                offset.put("index", lsn % 4096 / 8 + 1);
                return;
            }
            offset.put("lsn", lsn);
            offset.put("lsn_commit", lsn - lsn % 4096);
            offset.put("lsn_proc", lsn - 8);
            offset.put("txId", lsn / 4096);
            offset.put("ts_usec", 1_700_000_000_000_000L + lsn);
        }

        @Override
        public Map<String, Object> offset() {
            return offset;
        }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws Exception {
        out = bh::consume;
        stateDir = Files.createTempDirectory("dedup-bench");
        FeatureFactory factory = ComponentCatalog.load().feature("deduplication")
                .orElseThrow(() -> new IllegalStateException("deduplication is not on the class path"));
        String keyPath = "sources.bench.config.cdc_features.deduplication";
        Options options = Options.of(keyPath, factory.spec().options(),
                Map.of("ttl_seconds", 3600, "max_entries", WINDOW, "key", key));
        stage = factory.create(options, ComponentContext.of("deduplication", stateDir));

        List<ChangeEvent> bodies = UsersWorkload.events(EVENTS);
        events = new ChangeEvent[EVENTS];
        positions = new MovingPosition[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            ChangeEvent body = bodies.get(i);
            positions[i] = new MovingPosition("native".equals(reader), "debezium".equals(reader));
            events[i] = new ChangeEvent(body.table(), body.op(), body.key(), body.value(), body.headers(), body.topic(),
                    positions[i], body.sourceTimestamp(), body.transaction(), body.unreadable());
        }
        // Warm window: 100,000 delivered events, at lsn 0, 8, 16, ... (replayedEvent replays them).
        for (int i = 0; i < WINDOW; i++) {
            positions[i % EVENTS].moveTo(8L * i);
            stage.onDelivered(events[i % EVENTS]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        stage.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One new event: passes the stage, then the sink acknowledges it. */
    @Benchmark
    public void newEvent() throws Exception {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        positions[i].moveTo(nextLsn);
        nextLsn += 8;
        stage.apply(events[i], out);
        stage.onDelivered(events[i]);
    }

    /** The control: what {@code newEvent} spends outside the stage (giving the event its new position). */
    @Benchmark
    public ChangeEvent baseline() {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        positions[i].moveTo(nextLsn);
        nextLsn += 8;
        return events[i];
    }

    /** One re-delivered event (in the window): dropped. */
    @Benchmark
    public void replayedEvent() throws Exception {
        int r = nextReplay;
        nextReplay = r + 1 == WINDOW ? 0 : r + 1;
        int i = r % EVENTS;
        positions[i].moveTo(8L * r);
        stage.apply(events[i], out);
    }
}
