package io.cdctoolkit.sinks.kafka.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The in-process Kafka broker behind {@code bootstrap_servers: embedded} and {@code tail --bootstrap
 * embedded}, for the quickstart and local experiments.
 *
 * <p>The broker runs on Kafka's server classes, which only the process that starts one should carry:
 * they live in the {@code embedded-broker} module (the CLI has it), found here through
 * {@link EmbeddedBrokerProvider} and {@link ServiceLoader}. Without that module on the classpath only
 * {@code embedded} fails; every other {@code bootstrap_servers} works as before.
 */
public final class EmbeddedBroker {

    /** The {@code bootstrap_servers} / {@code --bootstrap} value that asks for an embedded broker. */
    public static final String EMBEDDED = "embedded";

    /** Default broker port: next to Kafka's usual 9092 without clashing with a real local broker. */
    public static final int DEFAULT_PORT = 19092;

    /** Default data directory name under the state directory. */
    public static final String DEFAULT_DIR_NAME = "embedded-kafka";

    private static final String MISSING = "bootstrap_servers: " + EMBEDDED + " needs the embedded Kafka broker"
            + " (artifact io.cdctoolkit:embedded-broker) on the classpath; the cdc-toolkit CLI has it. Add it, or"
            + " give host:port of a running broker";

    private EmbeddedBroker() {
    }

    /** The default data directory for a state directory: {@code <stateDir>/embedded-kafka}. */
    public static Path defaultDataDir(Path stateDir) {
        return stateDir.resolve(DEFAULT_DIR_NAME);
    }

    /**
     * The embedded broker over {@code dataDir} on {@code 127.0.0.1:port}: the one already running there
     * or one started now (see {@link EmbeddedBrokerProvider#acquire}).
     *
     * @throws IllegalStateException when no {@code embedded-broker} module is on the classpath
     */
    public static Lease acquire(Path dataDir, int port) throws Exception {
        return provider().orElseThrow(() -> new IllegalStateException(MISSING)).acquire(dataDir, port);
    }

    /**
     * Why the embedded broker over {@code dataDir} could not be had on {@code port}, or null (for
     * {@code check}; see {@link EmbeddedBrokerProvider#unavailable}). Without the {@code embedded-broker}
     * module that is the reason.
     */
    public static String unavailable(Path dataDir, int port) throws IOException {
        Optional<EmbeddedBrokerProvider> provider = provider();
        return provider.isPresent() ? provider.get().unavailable(dataDir, port) : MISSING;
    }

    private static Optional<EmbeddedBrokerProvider> provider() {
        return ServiceLoader.load(EmbeddedBrokerProvider.class).findFirst();
    }

    /** Access to the embedded broker for one user (the sink, {@code tail}). */
    public interface Lease extends AutoCloseable {

        /** The broker's address for clients, {@code 127.0.0.1:<port>}. */
        String bootstrapServers();

        /** Stops the broker if this lease started it; a broker another process runs keeps running. */
        @Override
        void close();
    }
}
