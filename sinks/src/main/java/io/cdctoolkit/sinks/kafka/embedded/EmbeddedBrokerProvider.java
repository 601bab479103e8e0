package io.cdctoolkit.sinks.kafka.embedded;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts or joins the in-process Kafka broker; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.cdctoolkit.sinks.kafka.embedded.EmbeddedBrokerProvider}). The
 * {@code embedded-broker} module has the implementation, so that Kafka's server classes stay off the
 * classpath of everything that does not run a broker. Use {@link EmbeddedBroker#acquire}.
 */
public interface EmbeddedBrokerProvider {

    /**
     * Uses the embedded broker already running on {@code 127.0.0.1:port} over {@code dataDir}, or
     * starts one there; closing the lease stops a broker started here.
     *
     * @param dataDir the broker's data directory (kept across restarts)
     * @param port    its port on 127.0.0.1
     */
    EmbeddedBroker.Lease acquire(Path dataDir, int port) throws Exception;

    /**
     * Why the embedded broker over {@code dataDir} could not be had on {@code port} (its owner runs it on
     * another port, or another process listens there), or null; for {@code check}, without starting
     * anything.
     */
    String unavailable(Path dataDir, int port) throws IOException;
}
