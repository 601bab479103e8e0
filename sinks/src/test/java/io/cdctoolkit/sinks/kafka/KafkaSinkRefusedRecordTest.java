package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.event;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.readAll;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.record;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.valuesByKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record the broker refuses among 200 good ones, written at full speed so that they share
 * batches: only that record fails (and follows {@code on_error}); the 200 all arrive, in key order.
 */
class KafkaSinkRefusedRecordTest {

    private static final int GOOD = 200;
    private static final int KEYS = 10;
    private static final int BAD_AT = 100;

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void aRecordOverTheTopicsMessageLimitFailsAloneAndTheOther200Arrive() throws Exception {
        String topic = "refused-oversized";
        byte[] big = new byte[20_000];
        new Random(7).nextBytes(big); // incompressible
        assertOnlyTheBadRecordFails(topic, Map.of("max.message.bytes", "8000"),
                new SinkRecord(topic, KafkaTestSupport.bytes("key-0"), big, Headers.EMPTY, PayloadFormat.BINARY,
                        event(topic, Op.CREATE, 1)), "RecordTooLargeException");
    }

    @Test
    void aKeylessRecordToACompactedTopicFailsAloneAndItsBatchMatesArrive() throws Exception {
        String topic = "refused-keyless";
        assertOnlyTheBadRecordFails(topic, Map.of("cleanup.policy", "compact"),
                new SinkRecord(topic, null, KafkaTestSupport.bytes("no key"), Headers.EMPTY, PayloadFormat.JSON,
                        event(topic, Op.CREATE, 1)), "is compacted and takes no record without a key");
    }

    @Test
    void aBatchLargerThanTheTopicsSegmentIsSentAgainOneRecordAtATime() throws Exception {
        String topic = "refused-batch-too-large";
        int records = 30;
        Random random = new Random(11);
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(oneMegabyteSegments(4 * 1024 * 1024), stateDir)) {
            sink.open();
            // 30 records of 100 kB: one 3 MB batch, three times the segment.
            for (int i = 0; i < records; i++) sink.write(large(topic, i, random), outcomes.callback(i));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(outcomes.eachCalledOnce()).isTrue();
        assertThat(readAll(kafka.bootstrapServers(), topic, records)).extracting(r -> (int) r.value()[0])
                .containsExactlyElementsOf(IntStream.range(0, records).boxed().toList());
    }

    @Test
    void aRefusedRecordWhoseKeyHasALaterChangeInKafkaStopsThePipelineInsteadOfLandingOutOfOrder() throws Exception {
        String topic = "refused-superseded";
        Random random = new Random(13);
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(oneMegabyteSegments(1_500_000), stateDir)) {
            sink.open();
            // Records 0..13 fill one 1.4 MB batch, over the segment size: refused as a whole. Records 14 (key-2)
            // and 15 (key-0) go in the next batch, which is written before the refused ones can be sent again.
            for (int i = 0; i < 15; i++) sink.write(large(topic, i, random), outcomes.callback(i));
            sink.write(new SinkRecord(topic, KafkaTestSupport.bytes("key-0"), new byte[] {15}, Headers.EMPTY,
                    PayloadFormat.BINARY, event(topic, Op.CREATE, 15)), outcomes.callback(15));
            sink.flush();
        }
        assertThat(outcomes.eachCalledOnce()).isTrue();
        // The refused changes of key-2 cannot go after its later one (14, in the producer before the full batch
        // could be sent): they fail (the pipeline stops, nothing from them on is committed); key-1 has no later
        // change, so its are sent again. Key-0's later change (15) is either in the producer before the refusal
        // (its refused changes then fail too) or held by the repair until it ends (they are sent again, 15 after
        // them) — the test thread and the refusal race. Either way no key's older change lands after a newer one.
        Map<Integer, Exception> failures = outcomes.failures();
        assertThat(failures).containsKeys(2, 5, 8, 11).allSatisfy((n, e) ->
                assertThat(e).isInstanceOf(FatalException.class).hasMessageContaining("later change of the same key"));
        boolean key0Failed = failures.containsKey(0);
        assertThat(failures.keySet()).as("failed records")
                .isEqualTo(key0Failed ? Set.of(0, 3, 6, 9, 12, 2, 5, 8, 11) : Set.of(2, 5, 8, 11));
        List<Integer> inKafka = key0Failed ? List.of(14, 15, 1, 4, 7, 10, 13)
                : List.of(14, 0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15);
        assertThat(readAll(kafka.bootstrapServers(), topic, inKafka.size())).extracting(r -> (int) r.value()[0])
                .containsExactlyElementsOf(inKafka);
    }

    /** A topic with the smallest segments Kafka allows (1 MiB), and a producer whose batches can be larger. */
    private static Map<String, Object> oneMegabyteSegments(int batchSize) {
        return Map.of("bootstrap_servers", kafka.bootstrapServers(), "compression", "none", "linger_ms", 200,
                "batch_size", batchSize, "producer", Map.of("max.request.size", 8 * 1024 * 1024),
                "topic_creation", Map.of("enabled", true, "partitions", 1, "configs",
                        Map.of("segment.bytes", "1048576", "max.message.bytes", "8388608")));
    }

    /** Record {@code n}: key {@code key-(n % 3)}, 100 kB of random bytes starting with {@code n}. */
    private static SinkRecord large(String topic, int n, Random random) {
        byte[] value = new byte[100_000];
        random.nextBytes(value);
        value[0] = (byte) n;
        return new SinkRecord(topic, KafkaTestSupport.bytes("key-" + (n % 3)), value, Headers.EMPTY,
                PayloadFormat.BINARY, event(topic, Op.CREATE, n));
    }

    private void assertOnlyTheBadRecordFails(String topic, Map<String, String> topicConfigs, SinkRecord bad,
                                             String reason) throws Exception {
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", kafka.bootstrapServers(),
                "compression", "none", "linger_ms", 20, "batch_size", 4096,
                "topic_creation", Map.of("enabled", true, "partitions", 1, "configs", topicConfigs)), stateDir)) {
            sink.open();
            for (int i = 0; i < GOOD; i++) {
                if (i == BAD_AT) sink.write(bad, outcomes.callback(-1));
                sink.write(record(topic, "key-" + (i % KEYS), Integer.toString(i)), outcomes.callback(i));
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).containsOnlyKeys(-1);
        assertThat(outcomes.of(-1)).isInstanceOf(InvalidDataException.class).hasMessageContaining(reason);
        assertThat(outcomes.eachCalledOnce()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, GOOD);
        assertThat(read).hasSize(GOOD);
        Map<String, List<Integer>> byKey = valuesByKey(read);
        assertThat(byKey).hasSize(KEYS).allSatisfy((key, values) ->
                assertThat(values).as("values of %s in offset order", key).isSorted().doesNotHaveDuplicates());
    }
}
