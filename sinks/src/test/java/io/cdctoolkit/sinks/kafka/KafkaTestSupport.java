package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records, sinks and a plain consumer for the Kafka sink's tests. */
final class KafkaTestSupport {

    static final TableId USERS = new TableId("app", "public", "users");

    private KafkaTestSupport() {
    }

    static Options options(Map<String, ?> config) throws ConfigException {
        return Options.of("sinks.kafka.config", new KafkaSinkFactory().spec().options(), config);
    }

    static Sink sink(Map<String, ?> config, Path stateDir) throws ConfigException {
        return new KafkaSinkFactory().create(options(config), ComponentContext.of("kafka", stateDir));
    }

    static ChangeEvent event(String topic, Op op, long lsn) {
        return ChangeEvent.builder(USERS, op, topic).position(SourcePosition.of(Map.of("lsn", lsn))).build();
    }

    static SinkRecord record(String topic, String key, String value) {
        return new SinkRecord(topic, bytes(key), bytes(value), Headers.EMPTY, PayloadFormat.JSON,
                event(topic, value == null ? Op.DELETE : Op.CREATE, 1));
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Every record of {@code topic}, all partitions, from the beginning, until {@code expected} arrived. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "allow.auto.create.topics", "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Bounded: 300 polls of up to 200 ms; a test expecting more records than arrive fails on its assertion.
            for (int i = 0; i < 300 && out.size() < expected; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The values of {@code records} (decimal numbers) by key, in offset order. */
    static Map<String, List<Integer>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(Integer.parseInt(text(r.value())));
        }
        return byKey;
    }

    /** Callback outcomes by record number: null = success. */
    static final class Outcomes {
        private static final Exception PENDING = new Exception("pending");
        private final Map<Integer, Exception> results = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> calls = new ConcurrentHashMap<>();

        Sink.Callback callback(int n) {
            results.put(n, PENDING);
            return error -> {
                calls.merge(n, 1, Integer::sum);
                results.put(n, error == null ? OK : error);
            };
        }

        /** Record number → error, for records whose callback failed or never ran. */
        Map<Integer, Exception> failures() {
            Map<Integer, Exception> out = new LinkedHashMap<>();
            results.forEach((n, e) -> {
                if (e != OK) out.put(n, e);
            });
            return out;
        }

        Exception of(int n) {
            Exception e = results.get(n);
            return e == OK ? null : e;
        }

        /** Whether every callback ran exactly once. */
        boolean eachCalledOnce() {
            return results.keySet().stream().allMatch(n -> calls.getOrDefault(n, 0) == 1);
        }

        private static final Exception OK = new Exception("ok");
    }
}
