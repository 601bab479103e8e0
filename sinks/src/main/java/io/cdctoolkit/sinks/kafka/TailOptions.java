package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link TopicTailer} reads and when it stops ({@code cdc-toolkit tail}).
 *
 * @param bootstrapServers broker list, or {@code embedded} for the embedded broker
 * @param topic            the topic to read
 * @param fromBeginning    start at the earliest offset instead of the end
 * @param max              stop after this many records; empty = follow until stopped
 * @param group            consumer group (commits offsets); empty = read every partition without a group
 * @param idleTimeout      also stop after this long without a record; empty = wait forever
 * @param embeddedDir      the embedded broker's data directory (used when bootstrapServers is {@code embedded})
 * @param embeddedPort     the embedded broker's port
 * @param clientProperties extra consumer properties (security…), applied last
 */
public record TailOptions(String bootstrapServers, String topic, boolean fromBeginning, OptionalLong max,
                          Optional<String> group, Optional<Duration> idleTimeout, Path embeddedDir, int embeddedPort,
                          Map<String, Object> clientProperties) {

    public TailOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(embeddedDir, "embeddedDir");
        clientProperties = Map.copyOf(clientProperties);
        if (max.isPresent() && max.getAsLong() < 1) throw new IllegalArgumentException("--max must be at least 1");
    }

    /** Options reading {@code topic} from its end, following until stopped, embedded broker defaults. */
    public static Builder builder(String bootstrapServers, String topic) {
        return new Builder(bootstrapServers, topic);
    }

    /** Builds {@link TailOptions}. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private boolean fromBeginning;
        private OptionalLong max = OptionalLong.empty();
        private Optional<String> group = Optional.empty();
        private Optional<Duration> idleTimeout = Optional.empty();
        private Path embeddedDir = EmbeddedBroker.defaultDataDir(Path.of(".cdc-toolkit"));
        private int embeddedPort = EmbeddedBroker.DEFAULT_PORT;
        private Map<String, Object> clientProperties = Map.of();

        private Builder(String bootstrapServers, String topic) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
        }

        public Builder fromBeginning(boolean value) {
            this.fromBeginning = value;
            return this;
        }

        public Builder max(long records) {
            this.max = OptionalLong.of(records);
            return this;
        }

        public Builder group(String name) {
            this.group = Optional.ofNullable(name);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Optional.ofNullable(timeout);
            return this;
        }

        public Builder embeddedDir(Path dir) {
            this.embeddedDir = dir;
            return this;
        }

        public Builder embeddedPort(int port) {
            this.embeddedPort = port;
            return this;
        }

        public Builder clientProperties(Map<String, Object> properties) {
            this.clientProperties = properties;
            return this;
        }

        public TailOptions build() {
            return new TailOptions(bootstrapServers, topic, fromBeginning, max, group, idleTimeout, embeddedDir,
                    embeddedPort, clientProperties);
        }
    }
}
