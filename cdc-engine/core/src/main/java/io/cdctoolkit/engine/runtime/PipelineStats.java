package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.TableId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A pipeline's Micrometer meters, all tagged {@code pipeline=<name>} (names as Micrometer writes
 * them; the Prometheus registry turns {@code cdc.events.in} into {@code cdc_events_in_total}):
 * {@code cdc.events.in} (tag {@code table}), {@code cdc.records.out} (tag {@code topic}),
 * {@code cdc.events.skipped}, {@code cdc.events.dead_lettered}, {@code cdc.events.dropped} (tag
 * {@code stage}), {@code cdc.events.failed}, {@code cdc.encoder.retries}; the timers
 * {@code cdc.encode.latency} and {@code cdc.sink.latency} (tag {@code topic}); the gauges
 * {@code cdc.inflight.records}, {@code cdc.inflight.bytes}, {@code cdc.source.lag},
 * {@code cdc.commit.lag} and {@code cdc.commit.lag.events}. Plus a cheap {@link #snapshot()} for
 * status lines.
 *
 * <p>Cost: meters are created once per pipeline, table, topic or stage and cached; the per-event path
 * is an increment of a count only the pipeline thread writes (read by a function counter when scraped)
 * and a cache look-up (the table's, on the pipeline thread, without locking), and one counter increment
 * per acknowledged record.
 * The two latency timers are <em>sampled</em>: one event in {@value #LATENCY_SAMPLE_EVERY} (the first,
 * then every {@value #LATENCY_SAMPLE_EVERY}th) has its encoding timed, and one record in as many its
 * sink round trip. Recording into a histogram timer (bucket search, decaying max) on every event cost
 * about 5 % of an in-process pipeline's throughput, one in 16 still about 2 % ({@code MetricsOverheadBenchmark}); sampled, the
 * quantiles and the mean ({@code _sum / _count}) are those of the sample, and {@code _count} is the
 * sample's size — count records with {@code cdc.records.out}. Thread-safe: records are counted from
 * sink callback threads.
 */
public final class PipelineStats {

    /** One event (record) in this many has its encode (sink) latency timed: a power of two. */
    static final int LATENCY_SAMPLE_EVERY = 64;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter skipped;
    private final Counter deadLettered;
    private final Counter failed;
    private final Counter encoderRetries;
    private final Timer encodeLatency;
    private final Map<String, TopicMeters> perTopic = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    // Read and written on the pipeline thread only: no locking on the per-event path.
    private final Map<TableId, SingleWriterCount> eventsInPerTable = new HashMap<>();
    private TableId lastTable;
    private SingleWriterCount lastTableCount;
    private String lastTopic;
    private TopicMeters lastTopicMeters;
    private int encodes;
    private int sends;
    // Written on the pipeline thread only; read by snapshot() from any thread.
    private final SingleWriterCount eventsIn = new SingleWriterCount();
    private volatile long sourceLagMillis = -1;
    private volatile LastError lastError;
    private final CommitLag commitLag;
    private final LongSupplier inFlightRecords;
    private final LongSupplier inFlightBytes;

    PipelineStats(String pipeline, MeterRegistry registry, LongSupplier inFlightRecords, LongSupplier inFlightBytes) {
        this.registry = registry;
        this.tags = Tags.of("pipeline", pipeline);
        this.skipped = counter("cdc.events.skipped", "Records or events left out by on_error: skip", tags);
        this.deadLettered = counter("cdc.events.dead_lettered", "Records or events written to the dead-letter topic", tags);
        this.failed = counter("cdc.events.failed", "Events that failed the pipeline", tags);
        this.encoderRetries = counter("cdc.encoder.retries",
                "Encoder calls that failed with a retryable error (registry unreachable or limiting the request rate)"
                        + " and were tried again", tags);
        this.encodeLatency = Timer.builder("cdc.encode.latency")
                .description("Time to encode one event's key and value (schema registry look-ups included)")
                .tags(tags).publishPercentileHistogram().register(registry);
        this.inFlightRecords = inFlightRecords;
        this.inFlightBytes = inFlightBytes;
        this.commitLag = new CommitLag();
        Gauge.builder("cdc.inflight.records", inFlightRecords::getAsLong)
                .description("Records handed to the sink and not yet acknowledged").tags(tags).register(registry);
        Gauge.builder("cdc.inflight.bytes", inFlightBytes::getAsLong).baseUnit("bytes")
                .description("Bytes handed to the sink and not yet acknowledged").tags(tags).register(registry);
        Gauge.builder("cdc.source.lag", this, PipelineStats::sourceLagSeconds).baseUnit("seconds")
                .description("For the last event read: read time minus the time of the change in the source")
                .tags(tags).register(registry);
        Gauge.builder("cdc.commit.lag", commitLag, CommitLag::seconds).baseUnit("seconds")
                .description("Age of the oldest event read whose position is not committed yet (0: all committed)")
                .tags(tags).register(registry);
        Gauge.builder("cdc.commit.lag.events", commitLag, CommitLag::events)
                .description("Events read whose position is not committed yet").tags(tags).register(registry);
    }

    /** A source event entered the pipeline (pipeline thread). */
    void eventIn(TableId table) {
        eventsIn.increment();
        if (table != lastTable) {
            lastTable = table;
            lastTableCount = eventsInPerTable.computeIfAbsent(table, this::eventsInCounter);
        }
        lastTableCount.increment();
    }

    /** The table's {@code cdc.events.in}: a function counter over a count only the pipeline thread adds to. */
    private SingleWriterCount eventsInCounter(TableId table) {
        SingleWriterCount count = new SingleWriterCount();
        FunctionCounter.builder("cdc.events.in", count, c -> c.get())
                .description("Source events taken from the source")
                .tags(tags.and("table", table == null ? "" : table.toString())).register(registry);
        return count;
    }

    /** The last event of a poll, read at {@code readMillis}, changed its source at {@code changed} (pipeline thread). */
    void sourceRead(Instant changed, long readMillis) {
        if (changed != null) sourceLagMillis = Math.max(0, readMillis - changed.toEpochMilli());
    }

    /** Topic meters, made once per topic (pipeline thread; the last topic's by identity, as records of a table share it). */
    TopicMeters topic(String topic) {
        if (topic != lastTopic) {
            lastTopicMeters = topicMeters(topic);
            lastTopic = topic;
        }
        return lastTopicMeters;
    }

    private TopicMeters topicMeters(String topic) {
        return perTopic.computeIfAbsent(topic, t -> new TopicMeters(
                counter("cdc.records.out", "Records the sink acknowledged", tags.and("topic", t)),
                Timer.builder("cdc.sink.latency").description("Time from handing a record to the sink to its acknowledgement")
                        .tags(tags.and("topic", t)).publishPercentileHistogram().register(registry)));
    }

    /** Whether to time this event's encoding (pipeline thread): the first, then one in {@value #LATENCY_SAMPLE_EVERY}. */
    boolean timeThisEncode() {
        return (encodes++ & (LATENCY_SAMPLE_EVERY - 1)) == 0;
    }

    /** Whether to time this record's sink round trip (pipeline thread), sampled as {@link #timeThisEncode()}. */
    boolean timeThisSend() {
        return (sends++ & (LATENCY_SAMPLE_EVERY - 1)) == 0;
    }

    void encoded(long nanos) {
        encodeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void skipped() {
        skipped.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void dropped(String stage) {
        dropped.computeIfAbsent(stage,
                s -> counter("cdc.events.dropped", "Events dropped by a stage", tags.and("stage", s))).increment();
    }

    void failed() {
        failed.increment();
    }

    void encoderRetried() {
        encoderRetries.increment();
    }

    /** Remembers the latest error's reason for status reports (the same text as the log line: no values). */
    void error(String reason) {
        lastError = new LastError(reason, Instant.now());
    }

    CommitLag commitLag() {
        return commitLag;
    }

    /** The latest error (fatal or handled by on_error), or null. */
    public LastError lastError() {
        return lastError;
    }

    /** How far commits are behind reads now. */
    public Lag lag() {
        long source = sourceLagMillis;
        return new Lag(commitLag.events(), Duration.ofNanos((long) (commitLag.seconds() * 1e9)),
                source < 0 ? null : Duration.ofMillis(source));
    }

    /** The counts now (a copy; cheap enough to call once per batch). */
    public PipelineCounts snapshot() {
        Map<String, Long> perTopicCounts = new TreeMap<>();
        perTopic.forEach((k, m) -> perTopicCounts.put(k, (long) m.out().count()));
        Map<String, Long> perStage = new TreeMap<>();
        dropped.forEach((k, c) -> perStage.put(k, (long) c.count()));
        return new PipelineCounts(eventsIn.get(), sum(perTopicCounts), (long) skipped.count(),
                (long) deadLettered.count(), sum(perStage), (long) failed.count(), perTopicCounts, perStage,
                inFlightRecords.getAsLong(), inFlightBytes.getAsLong());
    }

    private double sourceLagSeconds() {
        long millis = sourceLagMillis;
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }

    private Counter counter(String name, String description, Tags meterTags) {
        return Counter.builder(name).description(description).tags(meterTags).register(registry);
    }

    private static long sum(Map<String, Long> counts) {
        long total = 0;
        for (long v : counts.values()) total += v;
        return total;
    }

    /** A topic's acknowledged-records counter and sink latency timer. */
    record TopicMeters(Counter out, Timer sinkLatency) {
    }

    /**
     * The latest error of a pipeline.
     *
     * @param reason what went wrong, naming table, position and stage where known; never a value
     * @param at     when it happened
     */
    public record LastError(String reason, Instant at) {
    }

    /**
     * How far a pipeline's commits are behind.
     *
     * @param commitLagEvents events read whose position is not committed yet
     * @param commitLag       age of the oldest of them (zero when none)
     * @param sourceLag       for the last event read: read time minus change time in the source; null when unknown
     */
    public record Lag(long commitLagEvents, Duration commitLag, Duration sourceLag) {
    }
}
