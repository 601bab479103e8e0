package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.readAll;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.record;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.valuesByKey;
import static org.assertj.core.api.Assertions.assertThat;

/** The broker goes away mid-stream and comes back: the sink rides it out without losing a record. */
class KafkaSinkBrokerRestartTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void recordsWrittenWhileTheBrokerIsDownArriveOnceItIsBackInKeyOrder() throws Exception {
        String topic = "users-restart";
        int before = 300;
        int during = 300;
        int after = 100;
        int keys = 7;
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", kafka.bootstrapServers(),
                "topic_creation", Map.of("enabled", true, "partitions", 2), "linger_ms", 1), stateDir)) {
            sink.open();
            write(sink, topic, 0, before, keys, outcomes);
            // Some of these are still in flight when the broker stops.
            kafka.stopBroker();
            // While the broker is away a write may block (no metadata): the "pipeline" writes on its own thread.
            ExecutorService pipeline = Executors.newSingleThreadExecutor();
            try {
                Future<?> writing = pipeline.submit(() -> write(sink, topic, before, before + during, keys, outcomes));
                try {
                    writing.get(2, TimeUnit.SECONDS); // let it run into the outage; blocked or done, go on
                } catch (TimeoutException stillBlocked) {
                    // expected when the producer lost the topic's metadata
                }
                kafka.startBroker();
                writing.get(120, TimeUnit.SECONDS);
            } finally {
                pipeline.shutdownNow();
            }
            write(sink, topic, before + during, before + during + after, keys, outcomes);
            sink.flush();
        }
        int total = before + during + after;
        assertThat(outcomes.failures()).isEmpty();
        assertThat(outcomes.eachCalledOnce()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, total);
        Map<String, List<Integer>> byKey = valuesByKey(read);
        for (int k = 0; k < keys; k++) {
            List<Integer> values = byKey.get("key-" + k);
            // Nothing lost, nothing twice (the broker deduplicates the idempotent producer's retries), and a
            // key never goes back in time.
            List<Integer> expected = new ArrayList<>();
            for (int i = k; i < total; i += keys) expected.add(i);
            assertThat(values).as("values of key-%d in offset order", k).containsExactlyElementsOf(expected);
        }
    }

    private static void write(Sink sink, String topic, int from, int to, int keys, KafkaTestSupport.Outcomes outcomes) {
        for (int n = from; n < to; n++) {
            sink.write(record(topic, "key-" + (n % keys), Integer.toString(n)), outcomes.callback(n));
        }
    }
}
