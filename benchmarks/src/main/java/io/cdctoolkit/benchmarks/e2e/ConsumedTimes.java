package io.cdctoolkit.benchmarks.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The latency workload's consumer: reads the table's topic (one partition, so records come in commit
 * order) from the start and notes, per record, the wall-clock time (epoch µs) at which {@code poll}
 * handed it over. The driver pairs the n-th time with the n-th committed transaction.
 */
final class ConsumedTimes implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long[] times;
    private final Thread thread;
    private volatile int count;
    private volatile long extra;
    private volatile Exception failure;
    private volatile boolean closing;

    ConsumedTimes(String bootstrapServers, int expected) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        times = new long[expected];
        thread = new Thread(this::consume, "latency-consumer");
        thread.start();
    }

    private void consume() {
        try {
            TopicPartition partition = awaitTopic();
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) continue;
                long now = epochMicros(Instant.now());
                int n = count;
                for (int i = 0; i < records.count(); i++) {
                    if (n < times.length) times[n++] = now;
                    else extra++;
                }
                count = n;
            }
        } catch (Exception e) {
            if (!closing) failure = e;
        }
    }

    /** The table's topic, once the variant's first record created it; it must have a single partition. */
    private TopicPartition awaitTopic() throws InterruptedException {
        while (!closing) {
            for (Map.Entry<String, List<PartitionInfo>> t : consumer.listTopics().entrySet()) {
                if (!t.getKey().endsWith(OrdersTable.NAME)) continue;
                if (t.getValue().size() != 1) {
                    throw new IllegalStateException("topic " + t.getKey() + " has " + t.getValue().size()
                            + " partitions; the latency pairing needs one");
                }
                return new TopicPartition(t.getKey(), 0);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("closed");
    }

    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /** Waits until all expected records were consumed, then a little longer for any extra one. */
    void await(Delivery delivery, Duration stallTimeout) throws InterruptedException {
        int last = -1;
        long lastProgress = System.nanoTime();
        while (count < times.length) {
            if (failure != null) throw new IllegalStateException("the latency consumer failed", failure);
            if (delivery.failure() != null) throw new IllegalStateException("delivery failed", delivery.failure());
            if (count != last) {
                last = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new IllegalStateException("consumed " + count + " of " + times.length + " records, then nothing for "
                        + stallTimeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        TimeUnit.SECONDS.sleep(2);
        if (extra > 0) throw new IllegalStateException("consumed " + extra + " records more than the " + times.length + " written");
    }

    void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                out.write(Long.toString(times[i]));
                out.newLine();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close();
    }
}
