package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the pipeline's meters cost (issue 13: at most 2 % of throughput): the whole runtime — poll, the
 * per-event meters, JSON encoding (the {@code disabled} registry mode), the in-flight limiter, the sink
 * callback and its meters, commits — run over {@link UsersWorkload}'s events into a sink that acknowledges at
 * once. Nothing but the registry differs between the params:
 * <ul>
 *   <li>{@code off}: every meter denied ({@link MeterFilter#deny()}): Micrometer hands out no-op meters, so
 *       the counters, timers and gauges cost nothing but the calls (and the clock reads around the encoder
 *       and sink, which the runtime makes anyway). The "without metrics" baseline.</li>
 *   <li>{@code prometheus}: the registry {@code run} uses with an {@code http} block (histograms for the
 *       encode and sink latency timers).</li>
 *   <li>{@code simple}: what {@code run} uses without an {@code http} block.</li>
 * </ul>
 * The sink and the source do no I/O, so the meters' share is as large here as it can get; behind a real
 * database and Kafka it is smaller.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MetricsOverheadBenchmark {

    private static final int EVENTS_PER_RUN = 200_000;
    private static final int BATCH = 500;

    @Param({"off", "prometheus", "simple"})
    public String registry;

    private List<ChangeEvent> events;
    private Encoder encoder;
    private Timer histogramTimer;
    private long nanos = 1;

    @Setup
    public void setUp() throws Exception {
        events = UsersWorkload.events(1024);
        Path stateDir = Files.createTempDirectory("metrics-bench");
        encoder = Encoders.create("json", null, stateDir);
        histogramTimer = Timer.builder("cdc.sink.latency").publishPercentileHistogram().register(registry());
    }

    /**
     * One recording into a latency timer built as the pipeline builds its encode and sink timers (a percentile
     * histogram): why the pipeline times only one event in 64. Values vary over 1 µs … 1 ms, as latencies do.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void histogramTimerRecord() {
        nanos = nanos * 6364136223846793005L + 1442695040888963407L;
        histogramTimer.record(1_000 + ((nanos >>> 40) % 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** One pipeline run of {@value #EVENTS_PER_RUN} events; the score is events per second. */
    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_RUN)
    public long pipeline() {
        PipelineResult result = Pipeline.builder()
                .name("bench")
                .source(new CyclingReader(events))
                .encoder(encoder)
                .sink(new AcknowledgingSink())
                .meterRegistry(registry())
                .maxEvents(EVENTS_PER_RUN)
                .build()
                .run();
        if (result.failure() != null) throw new IllegalStateException("pipeline failed", result.failure());
        return result.counts().eventsIn();
    }

    private MeterRegistry registry() {
        return switch (registry) {
            case "off" -> {
                SimpleMeterRegistry none = new SimpleMeterRegistry();
                none.config().meterFilter(MeterFilter.deny());
                yield none;
            }
            case "prometheus" -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            case "simple" -> new SimpleMeterRegistry();
            default -> throw new IllegalArgumentException(registry);
        };
    }

    /** Hands out the workload's events in batches, round and round; commits are accepted and dropped. */
    static final class CyclingReader implements CdcReader {
        private final List<ChangeEvent> events;
        private int next;

        CyclingReader(List<ChangeEvent> events) {
            this.events = events;
        }

        @Override
        public void start() {
        }

        @Override
        public List<ChangeEvent> poll(Duration timeout) {
            List<ChangeEvent> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(events.get(next));
                next = (next + 1) % events.size();
            }
            return batch;
        }

        @Override
        public void commit(SourcePosition position) {
        }

        @Override
        public void close() {
        }
    }

    /** Acknowledges every record at once; counts bytes so the encoded payloads are used. */
    static final class AcknowledgingSink implements Sink {
        long bytes;

        @Override
        public void open() {
        }

        @Override
        public void write(SinkRecord record, Callback callback) {
            bytes += record.sizeInBytes();
            callback.onComplete(null);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
