package io.cdctoolkit.sinks.kafka;

import java.util.Map;
import java.util.Optional;

/**
 * How the sink creates missing topics ({@code topic_creation}).
 *
 * @param enabled           whether it creates them at all
 * @param partitions        partitions, or empty for the broker's default
 * @param replicationFactor replication factor, or empty for the broker's default
 * @param configs           topic configs (e.g. {@code cleanup.policy=compact})
 */
record TopicCreationSettings(boolean enabled, Optional<Integer> partitions, Optional<Short> replicationFactor,
                             Map<String, String> configs) {

    TopicCreationSettings {
        configs = Map.copyOf(configs);
    }

    static TopicCreationSettings disabled() {
        return new TopicCreationSettings(false, Optional.empty(), Optional.empty(), Map.of());
    }
}
