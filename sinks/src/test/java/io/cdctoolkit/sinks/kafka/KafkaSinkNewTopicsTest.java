package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.readAll;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.record;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.valuesByKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records go to many topics the sink creates as it meets them, at full speed: every record arrives,
 * in key order, and the producer never stalls on a partition that was not serving yet (the
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} loop of KAFKA-15591). Repeated, because the race is timing-bound.
 */
class KafkaSinkNewTopicsTest {

    private static final int TOPICS = 8;
    private static final int RECORDS = 4_000;
    private static final int KEYS = 25;

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @RepeatedTest(20)
    void everyRecordToFreshlyCreatedTopicsArrivesInKeyOrder(RepetitionInfo run) throws Exception {
        String prefix = "fresh-" + run.getCurrentRepetition() + "-";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", kafka.bootstrapServers(),
                "topic_creation", Map.of("enabled", true, "partitions", 3), "linger_ms", 0, "batch_size", 512,
                "close_timeout_ms", 30_000), stateDir)) {
            sink.open();
            for (int n = 0; n < RECORDS; n++) {
                sink.write(record(prefix + (n % TOPICS), "key-" + (n % KEYS), Integer.toString(n)), outcomes.callback(n));
            }
            sink.flush(); // bounded by close_timeout_ms: a stalled producer fails here
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(outcomes.eachCalledOnce()).isTrue();

        for (int t = 0; t < TOPICS; t++) {
            String topic = prefix + t;
            List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, RECORDS / TOPICS);
            Map<String, List<Integer>> byKey = valuesByKey(read);
            assertThat(read).as("records of topic %s", topic).hasSize(RECORDS / TOPICS);
            byKey.forEach((key, values) -> assertThat(values).as("%s of %s", key, topic).isSorted());
        }
    }
}
