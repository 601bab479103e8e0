package io.cdctoolkit.benchmarks.e2e;

import io.cdctoolkit.broker.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One measured run in its own JVM, started by {@link ChildLauncher}: {@code E2eChild <workDir>} reads
 * {@link ChildSpec}, starts the in-process Kafka broker when the variant produces (unless the spec names a
 * separate one), runs the variant and
 * writes its measurement into the work folder. Exit 0 only when exactly the expected events were delivered.
 */
public final class E2eChild {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

    private E2eChild() {
    }

    public static void main(String[] args) {
        int exit = 0;
        try {
            run(ChildSpec.read(Path.of(args[0])));
        } catch (Throwable t) {
            t.printStackTrace();
            exit = 1;
        }
        // Debezium's and Kafka's non-daemon threads must not keep the JVM (and its CPU) alive.
        System.exit(exit);
    }

    private static void run(ChildSpec spec) throws Exception {
        EmbeddedKafkaBroker broker = null;
        try {
            SeparateBroker.Address separate = spec.variant().produces() ? spec.separateBroker() : null;
            String bootstrap = separate == null ? null : separate.bootstrap();
            if (spec.variant().produces() && separate == null) {
                broker = new EmbeddedKafkaBroker(spec.workDir().resolve("kafka"), freePort());
                bootstrap = broker.start();
            }
            try (Delivery delivery = Delivery.of(spec, bootstrap)) {
                if (spec.workload() == Workload.LATENCY) {
                    measureLatency(spec, bootstrap, delivery);
                } else {
                    try (WalsenderCpu walsender = spec.workload() == Workload.STREAMING
                            ? new WalsenderCpu(spec.postgres(), spec.slot()) : null) {
                        delivery.start();
                        new DeliveryWindow(STALL_TIMEOUT, separate == null ? ProcessCpu.NONE : separate::cpuNanos,
                                walsender == null ? ProcessCpu.NONE : walsender)
                                .measure(delivery, spec.expected(), spec.warmup()).write(spec.workDir());
                    }
                }
            }
        } finally {
            if (broker != null) broker.close();
        }
    }

    private static void measureLatency(ChildSpec spec, String bootstrap, Delivery delivery) throws Exception {
        if (bootstrap == null) throw new IllegalArgumentException(spec.variant().id() + " does not produce: no latency to measure");
        try (ConsumedTimes consumed = new ConsumedTimes(bootstrap, Math.toIntExact(spec.expected()))) {
            delivery.start();
            Files.createFile(spec.workDir().resolve(ChildSpec.READY_FILE));
            consumed.await(delivery, STALL_TIMEOUT);
            DeliveryWindow.check(delivery, spec.expected());
            consumed.write(spec.workDir().resolve(ChildSpec.RECEIVED_FILE));
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
