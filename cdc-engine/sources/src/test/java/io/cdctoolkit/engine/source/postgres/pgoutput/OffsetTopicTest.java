package io.cdctoolkit.engine.source.postgres.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The native reader's offsets in a Kafka topic ({@code offset_storage: kafka}): what is saved is read back
 * exactly by a new store, the topic holds it in Kafka Connect's offset format under the native engine's own
 * key, and a save the brokers do not acknowledge fails.
 */
class OffsetTopicTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static NativeOffsetTopic topic(String name, String source) {
        return new NativeOffsetTopic(kafka.bootstrapServers(), name, source);
    }

    @Test
    void whatIsSavedIsReadBackExactlyByTheNextStartAndOnlyForItsOwnSlotAndSource() throws Exception {
        NativeOffsetTopic settings = topic("offsets-roundtrip", "pg");
        // LSNs past 2^63 (PostgreSQL's LSNs are unsigned 64-bit): the saved bits must come back unchanged.
        Offsets saved = new Offsets(true, new ResumePoint(0xFFFF_FFFF_0000_0010L, 7, false), 0x8000_0000_0000_0001L);
        try (OffsetTopic store = new OffsetTopic(settings, "pg", "slot_a")) {
            assertThat(store.load()).isEqualTo(Offsets.EMPTY); // nothing saved yet: a first start
            store.save(new Offsets(false, ResumePoint.NONE, 0));
            store.save(saved); // the newest wins
        }
        try (OffsetTopic restarted = new OffsetTopic(settings, "pg", "slot_a")) {
            assertThat(restarted.load()).isEqualTo(saved);
        }
        // The captured tables and a backfill under way (names as the publication quotes them), one of its tables read
        // again on request (cdc-toolkit backfill).
        Offsets backfilling = saved.withCaptured(Set.of("\"public\".\"t\"", "\"s,1\".\"a \"\"b\"\"\""))
                .withBackfill(new Offsets.Backfill(Set.of("\"public\".\"t\"", "\"s,1\".\"a \"\"b\"\"\""),
                        0x8000_0000_0000_0002L, Set.of("\"public\".\"t\""),
                        java.util.Map.of("\"public\".\"t\"", "note = 'it''s \"x\"' AND id > 2")));
        try (OffsetTopic store = new OffsetTopic(settings, "pg", "slot_a")) {
            store.load();
            store.save(backfilling);
        }
        try (OffsetTopic restarted = new OffsetTopic(settings, "pg", "slot_a")) {
            assertThat(restarted.load()).isEqualTo(backfilling);
        }
        try (OffsetTopic otherSlot = new OffsetTopic(settings, "pg", "slot_b");
             OffsetTopic otherSource = new OffsetTopic(topic("offsets-roundtrip", "pg2"), "pg2", "slot_a")) {
            assertThat(otherSlot.load()).isEqualTo(Offsets.EMPTY);
            assertThat(otherSource.load()).isEqualTo(Offsets.EMPTY);
        }
    }

    @Test
    void theTopicIsCompactedAndHoldsKafkaConnectsKeyWithTheNativeEnginesPartitionAndNoOtherField() throws Exception {
        NativeOffsetTopic settings = topic("offsets-format", "my source");
        try (OffsetTopic store = new OffsetTopic(settings, "my_source", "slot_f")) {
            store.load();
            store.save(new Offsets(true, new ResumePoint(1234, 3, true), 1300));
        }
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka, "offsets-format");
        assertThat(records).hasSize(1);
        // Kafka Connect's offset key: [namespace, partition]; the Debezium engine's for this source would be
        // ["my source", {"server": "my_source"}].
        assertThat(JSON.readTree(records.get(0).key()))
                .isEqualTo(JSON.readTree("[\"my source\",{\"server\":\"my_source\",\"engine\":\"native\"}]"));
        JsonNode value = JSON.readTree(records.get(0).value());
        assertThat(value).isEqualTo(JSON.readTree("{\"slot\":\"slot_f\",\"snapshot_completed\":true,\"commit_lsn\":1234,"
                + "\"index\":3,\"tx_complete\":true,\"confirmed_lsn\":1300}"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "offsets-format");
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void aSaveTheBrokersDoNotAcknowledgeFailsAndTheSaverThrowsItToTheReader() throws Exception {
        NativeOffsetTopic settings = topic("offsets-outage", "pg_outage");
        OffsetTopic store = new OffsetTopic(settings, "pg_outage", "slot_o", Duration.ofSeconds(2));
        Offsets first = new Offsets(true, new ResumePoint(100, 1, true), 100);
        OffsetSaver saver = null;
        try {
            store.load();
            store.save(first);
            saver = new OffsetSaver(store, first, "test-saver");
            kafka.stopBroker();
            assertThatThrownBy(() -> store.save(new Offsets(true, new ResumePoint(200, 1, true), 200)))
                    .isInstanceOf(IOException.class).hasMessageContaining("offsets-outage")
                    .hasMessageContaining(kafka.bootstrapServers());
            OffsetSaver background = saver;
            background.request(new Offsets(true, new ResumePoint(300, 1, true), 300));
            Await.until("the failed background save noticed", () -> {
                try {
                    background.throwIfFailed();
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
            assertThatThrownBy(() -> background.request(new Offsets(true, new ResumePoint(400, 1, true), 400)))
                    .isInstanceOf(IOException.class).hasMessageContaining("saving the native reader's offsets failed");
            assertThat(background.saved()).as("only acknowledged offsets count as saved").isEqualTo(first);
        } finally {
            if (saver != null) saver.stop(Duration.ofSeconds(5));
            store.close(); // bounded, though the producer still holds unacknowledged records
            kafka.startBroker();
        }
    }
}
