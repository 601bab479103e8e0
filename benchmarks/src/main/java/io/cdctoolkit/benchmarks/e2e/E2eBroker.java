package io.cdctoolkit.benchmarks.e2e;

import io.cdctoolkit.broker.EmbeddedKafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The separate broker's JVM ({@link SeparateBroker}): {@code E2eBroker <dataDir> <port>} starts an
 * {@link EmbeddedKafkaBroker}, writes its bootstrap address to {@code <dataDir>/bootstrap} and runs until its
 * standard input ends (the driver closes it, or exits).
 */
public final class E2eBroker {

    static final String BOOTSTRAP_FILE = "bootstrap";
    /** The broker's data directory, under the folder it is given. */
    static final String DATA_DIR = "kafka";

    private E2eBroker() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int exit = 0;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.resolve(DATA_DIR), Integer.parseInt(args[1]))) {
            String bootstrap = broker.start();
            Path tmp = dataDir.resolve(BOOTSTRAP_FILE + ".tmp");
            Files.writeString(tmp, bootstrap);
            Files.move(tmp, dataDir.resolve(BOOTSTRAP_FILE), StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() != -1) {
                // nothing is sent; end of input is the signal to stop
            }
        } catch (Throwable t) {
            t.printStackTrace();
            exit = 1;
        }
        // Kafka's non-daemon threads must not keep the JVM alive.
        System.exit(exit);
    }
}
