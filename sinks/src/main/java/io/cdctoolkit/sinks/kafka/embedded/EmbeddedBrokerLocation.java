package io.cdctoolkit.sinks.kafka.embedded;

import java.nio.file.Path;

/**
 * Where the embedded broker of a kafka sink with {@code bootstrap_servers: embedded} lives: the data directory it
 * runs over and the port it listens on at 127.0.0.1 ({@link EmbeddedBroker#acquire(Path, int)} takes both).
 *
 * @param dataDir the sink's {@code embedded_dir}, by default {@code <state_dir>/embedded-kafka}
 * @param port    the sink's {@code embedded_port}
 */
public record EmbeddedBrokerLocation(Path dataDir, int port) {
}
