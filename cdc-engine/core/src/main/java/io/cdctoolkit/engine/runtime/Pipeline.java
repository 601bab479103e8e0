package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.Stage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pipeline: a source, its stages in order, an encoder and a sink, run on the calling thread by
 * {@link #run()}. The CLI builds its pipelines with this same builder:
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *         .name("orders")
 *         .source(reader)
 *         .transform(maskEmail)
 *         .encoder(encoder)
 *         .sink(sink)
 *         .settings(PipelineSettings.defaults().withOnError(ErrorPolicy.DEAD_LETTER))
 *         .build();
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
 *     pipeline.stop();
 *     pipeline.awaitCompletion(Duration.ofSeconds(30));
 * }));
 * PipelineResult result = pipeline.run();
 * }</pre>
 *
 * <p>Delivery is at least once: the source commits only positions below which every event is
 * acknowledged by the sink (or filtered out, skipped or dead-lettered), so after a crash or a failure
 * the events after the last commit are read again.
 *
 * <p>Ownership: the pipeline starts the source and opens the sink when {@link #run()} begins, and
 * closes the source, every stage, the encoder and the sink (in that order) before {@code run()}
 * returns, whatever the outcome. A pipeline runs once.
 */
public final class Pipeline {

    private final String name;
    private final CdcReader source;
    private final List<Stage> stages;
    private final Encoder encoder;
    private final Sink sink;
    private final PipelineSettings settings;
    private final long maxEvents;
    private final Duration maxDuration;
    private final PipelineListener listener;
    private final RetryPolicy retry;
    private final StopSignal signal = new StopSignal();
    private final InFlightLimiter limiter;
    private final PipelineStats stats;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile PipelineState state = PipelineState.CREATED;
    private volatile Thread runner;
    private volatile SourcePosition lastCommitted;

    private Pipeline(Builder b, MeterRegistry meterRegistry) {
        this.name = b.name;
        this.source = b.source;
        this.stages = List.copyOf(b.stages);
        this.encoder = b.encoder;
        this.sink = b.sink;
        this.settings = b.settings;
        this.maxEvents = b.maxEvents;
        this.maxDuration = b.maxDuration;
        this.listener = b.listener;
        this.retry = b.retry;
        this.limiter = new InFlightLimiter(settings.maxInFlightRecords(), settings.maxInFlightBytes());
        this.stats = new PipelineStats(name, meterRegistry, limiter::records, limiter::bytes);
    }

    /** Starts a pipeline description. */
    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public PipelineSettings settings() {
        return settings;
    }

    /**
     * Runs the pipeline on the calling thread until the bounded source is exhausted, a
     * {@code maxEvents}/{@code maxDuration} limit is reached, {@link #stop()} is called, or a fatal
     * failure. Then it flushes the sink, commits the acknowledged position and closes everything.
     * Failures are reported in the result, not thrown.
     *
     * @throws IllegalStateException when the pipeline already ran
     */
    public PipelineResult run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("pipeline '" + name + "' already ran; build a new one to run again");
        }
        runner = Thread.currentThread();
        try {
            return new PipelineRunner(this).run();
        } finally {
            runner = null;
            finished.countDown();
        }
    }

    /**
     * Asks the pipeline to stop, from any thread (a shutdown hook, a test): it stops reading, flushes
     * the sink, commits and lets {@link #run()} return {@link PipelineResult.Status#STOPPED}. Returns at once.
     */
    public void stop() {
        signal.raise();
        limiter.wakeUp();
    }

    /**
     * Waits until {@link #run()} has returned (for a shutdown hook that must not let the JVM exit
     * before the final commit). Returns false when the timeout passed first.
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The counts now, from any thread (for a status line). */
    public PipelineCounts counts() {
        return stats.snapshot();
    }

    /** State, last committed position, counts, lag and latest error now, from any thread (for /status). */
    public PipelineStatus status() {
        Thread thread = runner;
        return new PipelineStatus(name, state, thread != null && thread.isAlive(), lastCommitted, stats.snapshot(),
                stats.lag(), stats.lastError());
    }

    void state(PipelineState next) {
        state = next;
    }

    void committed(SourcePosition position) {
        lastCommitted = position;
    }

    CdcReader source() {
        return source;
    }

    List<Stage> stages() {
        return stages;
    }

    Encoder encoder() {
        return encoder;
    }

    Sink sink() {
        return sink;
    }

    long maxEvents() {
        return maxEvents;
    }

    Duration maxDuration() {
        return maxDuration;
    }

    PipelineListener listener() {
        return listener;
    }

    RetryPolicy retry() {
        return retry;
    }

    StopSignal signal() {
        return signal;
    }

    InFlightLimiter limiter() {
        return limiter;
    }

    PipelineStats stats() {
        return stats;
    }

    /** Describes a {@link Pipeline}; source, encoder and sink are required. */
    public static final class Builder {
        private String name = "pipeline";
        private CdcReader source;
        private final List<Stage> stages = new ArrayList<>();
        private Encoder encoder;
        private Sink sink;
        private PipelineSettings settings = PipelineSettings.defaults();
        private MeterRegistry meterRegistry;
        private long maxEvents;
        private Duration maxDuration;
        private PipelineListener listener = PipelineListener.NONE;
        private RetryPolicy retry = RetryPolicy.defaults();

        private Builder() {
        }

        /** The name in logs and the {@code pipeline} tag of its meters; default {@code pipeline}. */
        public Builder name(String pipelineName) {
            this.name = Objects.requireNonNull(pipelineName, "name");
            return this;
        }

        /** Where events come from (required). */
        public Builder source(CdcReader reader) {
            this.source = Objects.requireNonNull(reader, "source");
            return this;
        }

        /** Adds a stage after those added so far. */
        public Builder transform(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /** Adds stages, in order, after those added so far. */
        public Builder stages(List<? extends Stage> more) {
            more.forEach(this::transform);
            return this;
        }

        /** Turns events into key and value bytes (required). */
        public Builder encoder(Encoder recordEncoder) {
            this.encoder = Objects.requireNonNull(recordEncoder, "encoder");
            return this;
        }

        /** Where records go (required). */
        public Builder sink(Sink recordSink) {
            this.sink = Objects.requireNonNull(recordSink, "sink");
            return this;
        }

        /** Error policy, batching, backpressure and rate limit; default {@link PipelineSettings#defaults()}. */
        public Builder settings(PipelineSettings pipelineSettings) {
            this.settings = Objects.requireNonNull(pipelineSettings, "settings");
            return this;
        }

        /** Where the pipeline's meters go; default a private {@link SimpleMeterRegistry}. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** Stop cleanly after this many source events (the CLI's {@code --max-events}). */
        public Builder maxEvents(long events) {
            if (events < 1) throw new IllegalArgumentException("maxEvents must be at least 1, got " + events);
            this.maxEvents = events;
            return this;
        }

        /** Stop cleanly after this long (the CLI's {@code --duration}). */
        public Builder maxDuration(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("maxDuration must be positive, got " + duration);
            }
            this.maxDuration = duration;
            return this;
        }

        /** Callbacks for progress (status lines); default none. */
        public Builder listener(PipelineListener pipelineListener) {
            this.listener = Objects.requireNonNull(pipelineListener, "listener");
            return this;
        }

        /** How failing source polls are retried; default {@link RetryPolicy#defaults()}. */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /**
         * The pipeline.
         *
         * @throws IllegalStateException naming each required part that was not given
         */
        public Pipeline build() {
            List<String> missing = new ArrayList<>();
            if (source == null) missing.add("source(CdcReader)");
            if (encoder == null) missing.add("encoder(Encoder), e.g. the plain-JSON encoder of the schema module");
            if (sink == null) missing.add("sink(Sink)");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("pipeline '" + name + "' is missing " + String.join(", ", missing));
            }
            return new Pipeline(this, meterRegistry != null ? meterRegistry : new SimpleMeterRegistry());
        }
    }
}
