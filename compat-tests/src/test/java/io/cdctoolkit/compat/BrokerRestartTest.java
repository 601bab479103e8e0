package io.cdctoolkit.compat;

import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineListener;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away in the middle of a datagen → Kafka run and comes back: the pipeline waits it
 * out and completes, and every change is in Kafka exactly once, each key's changes in source order.
 */
class BrokerRestartTest {

    private static final int EVENTS = 20_000;
    private static final String TOPIC = "restart.items";

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void aBrokerRestartMidStreamLosesNothingAndThePipelineCompletes() throws Exception {
        AtomicLong committedSeq = new AtomicLong(-1);
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml()).listener(new PipelineListener() {
            @Override
            public void onCommitted(SourcePosition position) {
                committedSeq.set(seq(position.describe()));
            }
        }).build();

        long committedBeforeStop;
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("5,000 records in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 5_000,
                    pipeline::counts);
            assertThat(running.isDone()).as("still running when the broker stops").isFalse();
            committedBeforeStop = committedSeq.get();
            long eventsAtStop = pipeline.counts().eventsIn();
            kafka.stopBroker();
            try {
                // Events keep going to the producer during the outage (it buffers them, then a write blocks
                // for metadata): they must all arrive once the broker is back.
                Await.until("events read while the broker is down",
                        () -> running.isDone() || pipeline.counts().eventsIn() > eventsAtStop, pipeline::counts);
                assertThat(running.isDone()).as("still running while the broker is down").isFalse();
            } finally {
                kafka.startBroker();
            }
            result = running.awaitResult();
        }

        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(committedBeforeStop).isGreaterThanOrEqualTo(0);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaRecords.readAll(kafka.bootstrapServers(), TOPIC::equals);
        Map<Long, Integer> copies = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) copies.merge(seq(header(r, "cdc.source")), 1, Integer::sum);
        assertThat(copies.keySet()).as("every sequence number, none lost").hasSize(EVENTS)
                .first().isEqualTo(0L);
        assertThat(copies.keySet()).last().isEqualTo((long) EVENTS - 1);
        copies.forEach((seq, n) -> assertThat(n).as("copies of seq %d (the pipeline re-sent nothing)", seq)
                .isEqualTo(1));
        assertKeysInOrder(records);
    }

    /**
     * Within each key (one partition), the changes come in source order, strictly: never back in time
     * (no 1,2,3,2), and — as nothing was re-sent by the pipeline, and the idempotent producer's retries
     * are deduplicated by the broker — never twice.
     */
    private static void assertKeysInOrder(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Long>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(seq(header(r, "cdc.source")));
        }
        assertThat(byKey).isNotEmpty().allSatisfy((key, seqs) -> assertThat(seqs)
                .as("sequence numbers of key %s in offset order", key).isSorted().doesNotHaveDuplicates());
    }

    private static long seq(String position) {
        assertThat(position).startsWith("seq=");
        return Long.parseLong(position.substring("seq=".length()));
    }

    private String yaml() {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    topic: %s
                    config:
                      pattern: sequence
                      cdc_mode: true
                      max_events: %d
                      events_per_second: 5000
                      seed: 7
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 5
                      topic_creation: { enabled: true, partitions: 3 }
                pipelines:
                  restart: { source: gen, sink: kafka }
                """.formatted(stateDir, TOPIC, EVENTS, kafka.bootstrapServers());
    }
}
