package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DebeziumReader} buffers and starts.
 *
 * @param queueCapacity events buffered between Debezium and the pipeline
 * @param maxPollEvents most events one poll returns
 * @param startTimeout  how long start waits for the connector's task to start
 * @param stateDir      where offsets and schema history files live
 */
public record ReaderSettings(int queueCapacity, int maxPollEvents, Duration startTimeout, Path stateDir) {

    public ReaderSettings {
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stateDir, "stateDir");
        if (queueCapacity < 1 || maxPollEvents < 1) {
            throw new IllegalArgumentException("queue capacity and poll size must be positive");
        }
    }

    /** Settings from a Debezium source's validated options. */
    public static ReaderSettings from(Options options, Path stateDir) {
        return new ReaderSettings(options.integer("queue_capacity"), options.integer("max_batch_size"),
                Duration.ofMillis(options.longValue("start_timeout_ms")), stateDir);
    }
}
