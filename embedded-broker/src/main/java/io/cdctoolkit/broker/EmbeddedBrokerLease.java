package io.cdctoolkit.broker;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Access to the embedded broker for one user (the sink, {@code tail}): the broker already running over
 * the same data directory — started by another cdc-toolkit process, or this one — or one started here
 * and stopped again when the lease is closed. Only one process can own a data directory at a time, so
 * sharing the running broker is what lets {@code tail --bootstrap embedded} read while {@code run}
 * writes.
 *
 * <p>A running broker is reused only when its owner (the process holding the data directory's lock,
 * see {@link EmbeddedKafkaBroker}) runs it on the requested port and the broker answering there has
 * the directory's cluster id. Anything else on the port — another Kafka, any other server — is never
 * written to: acquiring fails with a {@link ConnectivityException} that names the port.
 */
public final class EmbeddedBrokerLease implements EmbeddedBroker.Lease {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerLease.class);
    private static final int IDENTITY_TIMEOUT_MS = 10_000;

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker owned;

    private EmbeddedBrokerLease(String bootstrapServers, EmbeddedKafkaBroker owned) {
        this.bootstrapServers = bootstrapServers;
        this.owned = owned;
    }

    /**
     * Uses the broker this toolkit runs over {@code dataDir} on {@code 127.0.0.1:port}, or starts one.
     *
     * @param dataDir the embedded broker's data directory
     * @param port    its port on 127.0.0.1
     * @throws ConnectivityException when the port is taken by anything but that broker
     */
    public static EmbeddedBrokerLease acquire(Path dataDir, int port) throws Exception {
        Path dir = dataDir.toAbsolutePath().normalize();
        String address = "127.0.0.1:" + port;
        Optional<EmbeddedKafkaBroker.Owner> owner = EmbeddedKafkaBroker.runningOwner(dir);
        String problem = problem(dir, port, owner);
        if (problem != null) throw new ConnectivityException(problem, null);
        if (owner.isPresent()) {
            EmbeddedKafkaBroker.Owner o = owner.get();
            String answering = clusterIdAt(address);
            if (!o.clusterId().equals(answering)) {
                throw new ConnectivityException(address + " is not the embedded Kafka broker over " + dir
                        + " (cluster id " + answering + ", expected " + o.clusterId() + " of pid " + o.pid()
                        + "): choose another embedded_port, or stop the process on port " + port, null);
            }
            LOG.info("Using the embedded Kafka broker over {} that pid {} runs on {}", dir, o.pid(), address);
            return new EmbeddedBrokerLease(address, null);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port);
        return new EmbeddedBrokerLease(broker.start(), broker);
    }

    /**
     * Why the embedded broker over {@code dataDir} could not be had on {@code port} — its owner runs it
     * on another port, or another process listens there — or null (for {@code check}; {@link #acquire}
     * also compares cluster ids).
     */
    public static String unavailable(Path dataDir, int port) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        return problem(dir, port, EmbeddedKafkaBroker.runningOwner(dir));
    }

    private static String problem(Path dir, int port, Optional<EmbeddedKafkaBroker.Owner> owner) {
        if (owner.isPresent()) {
            EmbeddedKafkaBroker.Owner o = owner.get();
            return o.port() == port ? null : "the embedded Kafka broker over " + dir + " runs on port " + o.port()
                    + " (pid " + o.pid() + "), not on " + port + ": set embedded_port: " + o.port()
                    + ", or stop that process";
        }
        if (EmbeddedKafkaBroker.isListening(port)) {
            return "port " + port + " on 127.0.0.1 is in use by another process, not by an embedded broker of"
                    + " cdc-toolkit over " + dir + ": nothing is written there; choose another embedded_port, or"
                    + " stop the process listening on " + port;
        }
        return null;
    }

    /** The cluster id of the Kafka broker at {@code address}, or a description of why there is none. */
    private static String clusterIdAt(String address) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, IDENTITY_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, IDENTITY_TIMEOUT_MS))) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(IDENTITY_TIMEOUT_MS)).clusterId()
                    .get(IDENTITY_TIMEOUT_MS + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "unknown: no Kafka answer within " + IDENTITY_TIMEOUT_MS + " ms";
        }
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
