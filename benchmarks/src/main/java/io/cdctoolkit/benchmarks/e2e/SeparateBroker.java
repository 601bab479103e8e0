package io.cdctoolkit.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --broker separate}: one Kafka broker in a JVM of its own ({@link E2eBroker}, same java and JVM
 * options as the children), warmed up once and shared by every run. Between runs the driver deletes every
 * topic, so each run starts on an empty broker as it does with {@code --broker child}; a child reads the
 * broker process's CPU time at the start and end of its window ({@link Address#cpuNanos()}).
 */
final class SeparateBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final String WARMUP_TOPIC = "e2e-broker-warmup";

    private final Path dir;
    private final Process process;
    private final String bootstrap;
    private final Admin admin;

    private SeparateBroker(Path dir, Process process, String bootstrap) {
        this.dir = dir;
        this.process = process;
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    static SeparateBroker start(Path dir, List<String> jvmOptions) throws Exception {
        Files.createDirectories(dir);
        List<String> command = ChildLauncher.javaCommand(jvmOptions, E2eBroker.class, dir.toString(),
                Integer.toString(E2eChild.freePort()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile()).start();
        Path file = dir.resolve(E2eBroker.BOOTSTRAP_FILE);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the separate broker did not start; see " + dir.resolve("broker.log"));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return new SeparateBroker(dir, process, Files.readString(file).trim());
    }

    /** How a child reaches the broker and reads its CPU time. */
    record Address(String bootstrap, long pid) {

        /** The broker process's CPU time so far (user + system, all threads), -1 when it cannot be read. */
        long cpuNanos() {
            return ProcessCpu.ofPid(pid);
        }
    }

    Address address() {
        return new Address(bootstrap, process.pid());
    }

    /**
     * Produces {@code records} records of about one change event's size and deletes them again, so that the
     * broker's request path is compiled before the first measured run, as a running cluster's is.
     */
    void warmUp(long records) throws Exception {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(WARMUP_TOPIC, Long.toString(i).getBytes(), value));
            }
            producer.flush();
        }
        clearTopics();
    }

    /** Deletes every topic and waits until the broker lists none. */
    void clearTopics() throws Exception {
        Set<String> topics = admin.listTopics().names().get(1, TimeUnit.MINUTES);
        if (topics.isEmpty()) return;
        admin.deleteTopics(topics).all().get(1, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!admin.listTopics().names().get(1, TimeUnit.MINUTES).isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("topics still listed a minute after deletion");
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close(Duration.ofSeconds(10));
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // Deleted topics' segments outlive the runs (Kafka removes them a minute later, and only while it runs):
        // gigabytes per invocation once the broker stops. Its log stays, with the runs' folders.
        E2eDriver.deleteTree(dir.resolve(E2eBroker.DATA_DIR));
    }
}
