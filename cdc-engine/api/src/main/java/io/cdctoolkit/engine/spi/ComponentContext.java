package io.cdctoolkit.engine.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a factory gets besides its options.
 *
 * @param name          the component's name in the config (e.g. the source's key {@code pg})
 * @param keyPath       where its options live, e.g. {@code sources.pg.config}
 * @param defaultTopic  the source's {@code topic} (fallback topic), or null
 * @param stateDir      directory for offsets, schema history and other state of this component
 * @param meterRegistry where to register meters
 */
public record ComponentContext(String name, String keyPath, String defaultTopic, Path stateDir,
                               MeterRegistry meterRegistry) {

    public ComponentContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
    }

    /** A context for library use and tests: state under {@code stateDir}, a private meter registry. */
    public static ComponentContext of(String name, Path stateDir) {
        return new ComponentContext(name, name, null, stateDir, new SimpleMeterRegistry());
    }

    /** The same context with a fallback topic. */
    public ComponentContext withDefaultTopic(String topic) {
        return new ComponentContext(name, keyPath, topic, stateDir, meterRegistry);
    }
}
