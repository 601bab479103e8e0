package io.cdctoolkit.engine.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A pipeline's Micrometer counters, all tagged {@code pipeline=<name>}:
 * {@code cdc.events.in}, {@code cdc.records.out} (tag {@code topic}), {@code cdc.events.skipped},
 * {@code cdc.events.dead_lettered}, {@code cdc.events.dropped} (tag {@code stage}) and
 * {@code cdc.events.failed}; plus a cheap {@link #snapshot()} for status lines. Thread-safe: records
 * are counted from sink callback threads.
 */
public final class PipelineStats {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter eventsIn;
    private final Counter skipped;
    private final Counter deadLettered;
    private final Counter failed;
    private final Counter encoderRetries;
    private final Map<String, Counter> recordsOut = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final LongSupplier inFlightRecords;
    private final LongSupplier inFlightBytes;

    PipelineStats(String pipeline, MeterRegistry registry, LongSupplier inFlightRecords, LongSupplier inFlightBytes) {
        this.registry = registry;
        this.tags = Tags.of("pipeline", pipeline);
        this.eventsIn = counter("cdc.events.in", "Source events taken from the source", tags);
        this.skipped = counter("cdc.events.skipped", "Records or events left out by on_error: skip", tags);
        this.deadLettered = counter("cdc.events.dead_lettered", "Records or events written to the dead-letter topic", tags);
        this.failed = counter("cdc.events.failed", "Events that failed the pipeline", tags);
        this.encoderRetries = counter("cdc.encoder.retries",
                "Encoder calls that failed with a retryable error (registry unreachable) and were tried again", tags);
        this.inFlightRecords = inFlightRecords;
        this.inFlightBytes = inFlightBytes;
    }

    void eventIn() {
        eventsIn.increment();
    }

    void recordOut(String topic) {
        recordsOut.computeIfAbsent(topic,
                t -> counter("cdc.records.out", "Records the sink acknowledged", tags.and("topic", t))).increment();
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

    /** The counts now (a copy; cheap enough to call once per batch). */
    public PipelineCounts snapshot() {
        Map<String, Long> perTopic = counts(recordsOut);
        Map<String, Long> perStage = counts(dropped);
        return new PipelineCounts((long) eventsIn.count(), sum(perTopic), (long) skipped.count(),
                (long) deadLettered.count(), sum(perStage), (long) failed.count(), perTopic, perStage,
                inFlightRecords.getAsLong(), inFlightBytes.getAsLong());
    }

    private Counter counter(String name, String description, Tags meterTags) {
        return Counter.builder(name).description(description).tags(meterTags).register(registry);
    }

    private static Map<String, Long> counts(Map<String, Counter> counters) {
        Map<String, Long> result = new TreeMap<>();
        counters.forEach((k, c) -> result.put(k, (long) c.count()));
        return result;
    }

    private static long sum(Map<String, Long> counts) {
        long total = 0;
        for (long v : counts.values()) total += v;
        return total;
    }
}
