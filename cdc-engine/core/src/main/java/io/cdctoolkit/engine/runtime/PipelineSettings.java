package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.spi.OptionRule;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline's runtime settings ({@code pipelines.*.settings}).
 *
 * @param onError            what to do with an event that fails a stage, the encoder or the sink
 * @param deadLetterTopic    where {@code dead_letter} writes failed events
 * @param rateLimit          events per second, 0 = unlimited
 * @param batchSize          most events taken from the source per poll
 * @param maxInFlightRecords most records written but not yet acknowledged (backpressure)
 * @param maxInFlightBytes   most bytes written but not yet acknowledged (backpressure)
 * @param pollTimeoutMs      how long one poll of the source may wait for events
 */
public record PipelineSettings(ErrorPolicy onError, String deadLetterTopic, long rateLimit, int batchSize,
                               int maxInFlightRecords, long maxInFlightBytes, long pollTimeoutMs) {

    /** The options of {@code pipelines.*.settings}, for validation, docs and the JSON Schema. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.oneOf("on_error", "skip", "stop", "dead_letter").defaultValue("stop")
                    .doc("What to do with an event that cannot be transformed, encoded or written").build(),
            OptionSpec.string("dead_letter_topic").defaultValue("cdc.dlq").rule(OptionRule.topicName())
                    .doc("Topic that on_error: dead_letter writes failed events to, with the reason in headers").build(),
            OptionSpec.longValue("rate_limit").defaultValue(0L).min(0).doc("Events per second, 0 = unlimited").build(),
            OptionSpec.integer("batch_size").defaultValue(1000).min(1).doc("Most events taken from the source per poll").build(),
            OptionSpec.integer("max_in_flight_records").defaultValue(10_000).min(1)
                    .doc("Most records sent but not yet acknowledged; a slower sink slows the source").build(),
            OptionSpec.longValue("max_in_flight_bytes").defaultValue(64L * 1024 * 1024).min(1)
                    .doc("Most bytes sent but not yet acknowledged").build(),
            OptionSpec.longValue("poll_timeout_ms").defaultValue(500L).min(0)
                    .doc("How long one poll of the source waits for events").build());

    public PipelineSettings {
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        if (batchSize < 1 || maxInFlightRecords < 1 || maxInFlightBytes < 1 || rateLimit < 0 || pollTimeoutMs < 0) {
            throw new IllegalArgumentException("pipeline settings must be positive: " + this);
        }
    }

    /** The defaults: stop on error, 1,000-event batches, 10,000 records / 64 MiB in flight. */
    public static PipelineSettings defaults() {
        return new PipelineSettings(ErrorPolicy.STOP, "cdc.dlq", 0, 1000, 10_000, 64L * 1024 * 1024, 500);
    }

    /** Settings from validated options (see {@link #OPTIONS}). */
    public static PipelineSettings from(Options options) {
        return new PipelineSettings(ErrorPolicy.parse(options.string("on_error")),
                options.string("dead_letter_topic"), options.longValue("rate_limit"), options.integer("batch_size"),
                options.integer("max_in_flight_records"), options.longValue("max_in_flight_bytes"),
                options.longValue("poll_timeout_ms"));
    }

    public PipelineSettings withOnError(ErrorPolicy policy) {
        return new PipelineSettings(policy, deadLetterTopic, rateLimit, batchSize, maxInFlightRecords,
                maxInFlightBytes, pollTimeoutMs);
    }

    public PipelineSettings withDeadLetterTopic(String topic) {
        return new PipelineSettings(onError, topic, rateLimit, batchSize, maxInFlightRecords, maxInFlightBytes,
                pollTimeoutMs);
    }

    public PipelineSettings withBatchSize(int size) {
        return new PipelineSettings(onError, deadLetterTopic, rateLimit, size, maxInFlightRecords, maxInFlightBytes,
                pollTimeoutMs);
    }

    public PipelineSettings withMaxInFlight(int records, long bytes) {
        return new PipelineSettings(onError, deadLetterTopic, rateLimit, batchSize, records, bytes, pollTimeoutMs);
    }

    public PipelineSettings withRateLimit(long eventsPerSecond) {
        return new PipelineSettings(onError, deadLetterTopic, eventsPerSecond, batchSize, maxInFlightRecords,
                maxInFlightBytes, pollTimeoutMs);
    }

    public PipelineSettings withPollTimeout(long millis) {
        return new PipelineSettings(onError, deadLetterTopic, rateLimit, batchSize, maxInFlightRecords,
                maxInFlightBytes, millis);
    }
}
