package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.BootstrapProbe;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a topic and prints each record as one JSON line ({@code cdc-toolkit tail}); see {@link TailJson}
 * for the line format. Without a group it reads every partition directly (nothing is committed); with
 * one it subscribes and commits the offsets of the records it printed, {@code fromBeginning} then
 * applying only when the group has no committed offsets yet (as in kafka-console-consumer).
 *
 * <p>It stops after {@link TailOptions#max()} records, after {@link TailOptions#idleTimeout()} without
 * one, or when {@link #stop()} is called from another thread (e.g. a SIGINT hook).
 */
public final class TopicTailer {

    private static final Duration POLL = Duration.ofMillis(200);

    private final TailJson json;
    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> current;

    /** A tailer that shows payloads as JSON when they are JSON, else as base64. */
    public TopicTailer() {
        this(PayloadDecoder.NONE);
    }

    /** A tailer that shows what {@code decoder} decodes as JSON, other payloads as without it. */
    public TopicTailer(PayloadDecoder decoder) {
        this(decoder, PayloadRewriter.NONE);
    }

    /** As {@link #TopicTailer(PayloadDecoder)}, each decoded key and value then passed through {@code rewriter}. */
    public TopicTailer(PayloadDecoder decoder, PayloadRewriter rewriter) {
        this.json = new TailJson(decoder, rewriter);
    }

    /**
     * Prints records of {@code options.topic()} to {@code out} until a stop condition.
     *
     * @return how many records were printed
     * @throws IllegalArgumentException when the topic does not exist (read without a group)
     * @throws ConnectivityException    when nothing accepts connections at the bootstrap addresses
     */
    public long tail(TailOptions options, PrintStream out) throws Exception {
        String bootstrap = options.bootstrapServers();
        EmbeddedBroker.Lease embedded = null;
        try {
            if (EmbeddedBroker.EMBEDDED.equals(bootstrap)) {
                embedded = EmbeddedBroker.acquire(options.embeddedDir(), options.embeddedPort());
                bootstrap = embedded.bootstrapServers();
            }
            // The consumer would wait out its whole timeout for a port where nothing listens.
            Optional<String> nothingListens = BootstrapProbe.nothingListens(bootstrap, BootstrapProbe.MOST_PER_ADDRESS);
            if (nothingListens.isPresent()) throw new ConnectivityException(nothingListens.get(), null);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(options, bootstrap),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                current = consumer;
                if (stopped) return 0;
                try {
                    position(consumer, options, bootstrap);
                } catch (WakeupException e) {
                    if (stopped) return 0;
                    throw e;
                }
                return print(consumer, options, out);
            } finally {
                current = null;
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    /** Makes a running {@link #tail} return soon; safe from any thread. */
    public void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> consumer = current;
        if (consumer != null) consumer.wakeup();
    }

    private static Map<String, Object> consumerProperties(TailOptions options, String bootstrap) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdc-toolkit-tail");
        // Reading must never create the topic it looks at.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.fromBeginning() ? "earliest" : "latest");
        // A group's offsets are committed by hand, up to the last printed record, so --max loses nothing.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        options.group().ifPresent(g -> props.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        props.putAll(options.clientProperties());
        return props;
    }

    private static void position(KafkaConsumer<byte[], byte[]> consumer, TailOptions options, String bootstrap) {
        if (options.group().isPresent()) {
            consumer.subscribe(List.of(options.topic()));
            return;
        }
        List<PartitionInfo> infos = consumer.partitionsFor(options.topic());
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + options.topic() + "' does not exist on " + bootstrap
                    + " (list topics with kafka-topics --list, or check the sink's topic routing)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        if (options.fromBeginning()) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Seeks are lazy: fix "the end" now, so records written after tail started are not skipped.
        partitions.forEach(consumer::position);
    }

    private long print(KafkaConsumer<byte[], byte[]> consumer, TailOptions options, PrintStream out) {
        long limit = options.max().orElse(Long.MAX_VALUE);
        long idleNanos = options.idleTimeout().map(Duration::toNanos).orElse(Long.MAX_VALUE);
        boolean commit = options.group().isPresent();
        long printed = 0;
        long lastRecord = System.nanoTime();
        try {
            while (!stopped && printed < limit) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastRecord >= idleNanos) break;
                    continue;
                }
                lastRecord = System.nanoTime();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    out.println(json.line(record));
                    done.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    if (++printed >= limit) break;
                }
                out.flush();
                if (commit) consumer.commitSync(done);
            }
        } catch (WakeupException e) {
            if (!stopped) throw e;
        }
        out.flush();
        return printed;
    }
}
