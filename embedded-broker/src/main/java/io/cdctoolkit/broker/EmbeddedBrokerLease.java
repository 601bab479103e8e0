package io.cdctoolkit.broker;

import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Access to the embedded broker for one user (the sink, {@code tail}): the broker already running on
 * the port — started by another cdc-toolkit process over the same data — or one started here and
 * stopped again when the lease is closed. Only one process can own a data directory at a time, so
 * sharing the running broker is what lets {@code tail --bootstrap embedded} read while {@code run}
 * writes.
 */
public final class EmbeddedBrokerLease implements EmbeddedBroker.Lease {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerLease.class);

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker owned;

    private EmbeddedBrokerLease(String bootstrapServers, EmbeddedKafkaBroker owned) {
        this.bootstrapServers = bootstrapServers;
        this.owned = owned;
    }

    /**
     * Uses the broker listening on {@code 127.0.0.1:port}, or starts one over {@code dataDir}.
     *
     * @param dataDir the embedded broker's data directory
     * @param port    its port on 127.0.0.1
     */
    public static EmbeddedBrokerLease acquire(Path dataDir, int port) throws Exception {
        if (EmbeddedKafkaBroker.isListening(port)) {
            LOG.info("Using the embedded Kafka broker already running on 127.0.0.1:{} (if that port is not"
                    + " a Kafka broker, choose another embedded_port)", port);
            return new EmbeddedBrokerLease("127.0.0.1:" + port, null);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, port);
        return new EmbeddedBrokerLease(broker.start(), broker);
    }

    /** The broker's address for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether this lease started the broker (and stops it on close). */
    public boolean startedHere() {
        return owned != null;
    }

    /** Stops the broker if this lease started it. */
    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
