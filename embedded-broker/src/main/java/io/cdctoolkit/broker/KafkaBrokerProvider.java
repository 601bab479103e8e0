package io.cdctoolkit.broker;

import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBrokerProvider;

import java.io.IOException;
import java.nio.file.Path;

/** The Kafka sink's, {@code check}'s and {@code tail}'s way to {@link EmbeddedBrokerLease}: registered for ServiceLoader. */
public final class KafkaBrokerProvider implements EmbeddedBrokerProvider {

    @Override
    public EmbeddedBroker.Lease acquire(Path dataDir, int port) throws Exception {
        return EmbeddedBrokerLease.acquire(dataDir, port);
    }

    @Override
    public String unavailable(Path dataDir, int port) throws IOException {
        return EmbeddedBrokerLease.unavailable(dataDir, port);
    }
}
