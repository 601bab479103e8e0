package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.bytes;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.event;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.readAll;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.record;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSinkTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    private Map<String, Object> config(Object... extra) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bootstrap_servers", kafka.bootstrapServers());
        for (int i = 0; i < extra.length; i += 2) c.put((String) extra[i], extra[i + 1]);
        return c;
    }

    @Test
    void writesKeysValuesTombstonesAndCdcHeaders() throws Exception {
        String topic = "users-basic";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config(), stateDir)) {
            sink.open();
            sink.write(new SinkRecord(topic, bytes("{\"id\":1}"), bytes("{\"name\":\"ada\"}"),
                    Headers.ofStrings(Map.of("trace", "t-1")), PayloadFormat.JSON, event(topic, Op.CREATE, 42)), outcomes.callback(0));
            sink.write(new SinkRecord(topic, bytes("{\"id\":1}"), null, Headers.EMPTY, PayloadFormat.JSON,
                    event(topic, Op.DELETE, 43)), outcomes.callback(1));
            sink.write(new SinkRecord(topic, null, bytes("keyless"), Headers.EMPTY, PayloadFormat.BINARY, null),
                    outcomes.callback(2));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(outcomes.eachCalledOnce()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, 3);
        assertThat(read).hasSize(3);
        ConsumerRecord<byte[], byte[]> insert = read.get(0);
        assertThat(text(insert.key())).isEqualTo("{\"id\":1}");
        assertThat(text(insert.value())).isEqualTo("{\"name\":\"ada\"}");
        assertThat(headers(insert)).containsExactly(
                Map.entry("trace", "t-1"), Map.entry("cdc.op", "c"),
                Map.entry("cdc.table", "app.public.users"), Map.entry("cdc.source", "lsn=42"));
        ConsumerRecord<byte[], byte[]> tombstone = read.get(1);
        assertThat(text(tombstone.key())).isEqualTo("{\"id\":1}");
        assertThat(tombstone.value()).isNull();
        assertThat(headers(tombstone)).containsEntry("cdc.op", "d").containsEntry("cdc.source", "lsn=43");
        ConsumerRecord<byte[], byte[]> noEvent = read.get(2);
        assertThat(noEvent.key()).isNull();
        assertThat(text(noEvent.value())).isEqualTo("keyless");
        assertThat(headers(noEvent)).isEmpty();
    }

    @Test
    void headersCanBeTurnedOff() throws Exception {
        String topic = "users-no-headers";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("headers", Map.of("op", true, "table", false, "source", false)),
                stateDir)) {
            sink.open();
            sink.write(record(topic, "k", "v"), outcomes.callback(0));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(headers(readAll(kafka.bootstrapServers(), topic, 1).get(0))).containsExactly(Map.entry("cdc.op", "c"));
    }

    @Test
    void keepsTheOrderOfEachKeyAcrossPartitions() throws Exception {
        String topic = "users-ordered";
        int records = 1000;
        int keys = 17;
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("topic_creation", Map.of("enabled", true, "partitions", 3),
                "linger_ms", 1, "batch_size", 512), stateDir)) {
            sink.open();
            for (int i = 0; i < records; i++) {
                sink.write(record(topic, "key-" + (i % keys), Integer.toString(i)), outcomes.callback(i));
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(outcomes.eachCalledOnce()).isTrue();

        Map<String, List<Integer>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka.bootstrapServers(), topic, records)) {
            byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(Integer.parseInt(text(r.value())));
        }
        assertThat(byKey).hasSize(keys);
        for (int k = 0; k < keys; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = k; i < records; i += keys) expected.add(i);
            assertThat(byKey.get("key-" + k)).as("values of key-%d in offset order", k).isEqualTo(expected);
        }
    }

    @Test
    void aRecordOverMaxRequestSizeIsRejectedAloneAndLaterRecordsStillSucceed() throws Exception {
        String topic = "users-too-large";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("producer", Map.of("max.request.size", 10_000)), stateDir)) {
            sink.open();
            sink.write(record(topic, "a", "small"), outcomes.callback(0));
            sink.write(record(topic, "b", "x".repeat(20_000)), outcomes.callback(1));
            sink.write(record(topic, "c", "after"), outcomes.callback(2));
            sink.flush();
        }
        assertThat(outcomes.failures()).containsOnlyKeys(1);
        assertThat(outcomes.of(1)).isInstanceOf(InvalidDataException.class);
        InvalidDataException rejected = (InvalidDataException) outcomes.of(1);
        assertThat(rejected.stage()).isEqualTo("kafka-sink");
        assertThat(rejected.table()).isEqualTo(KafkaTestSupport.USERS);
        assertThat(rejected.reason()).contains("users-too-large").contains("max.request.size");
        assertThat(readAll(kafka.bootstrapServers(), topic, 2)).extracting(r -> text(r.value()))
                .containsExactly("small", "after");
    }

    @Test
    void aRecordTheBrokerRejectsIsInvalidDataAndTheRestGetThrough() throws Exception {
        String topic = "users-small-messages";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "2000")))).all().get();
        }
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("compression", "none", "batch_size", 1024), stateDir)) {
            sink.open();
            sink.write(record(topic, "a", "before"), outcomes.callback(0));
            sink.flush();
            sink.write(record(topic, "b", "y".repeat(5_000)), outcomes.callback(1));
            sink.flush();
            sink.write(record(topic, "c", "after"), outcomes.callback(2));
            sink.flush();
        }
        assertThat(outcomes.failures()).containsOnlyKeys(1);
        assertThat(outcomes.of(1)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("RecordTooLargeException");
        assertThat(readAll(kafka.bootstrapServers(), topic, 2)).extracting(r -> text(r.value()))
                .containsExactly("before", "after");
    }

    /** (A topic the sink would create so is a config error: KafkaSinkFactoryTest.) */
    @Test
    void aTopicWhoseMessageLimitIsBelowTheBatchSizeFailsTheFirstWriteNamingBothInsteadOfStalling() throws Exception {
        String topic = "users-limit-below-batch";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "8000")))).all().get();
        }
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config(), stateDir)) {
            sink.open();
            sink.write(record(topic, "k1", "v1"), outcomes.callback(0));
            sink.flush();
        }
        // Else a batch between 8,000 and 262,144 bytes would be split into itself and retried for ever.
        assertThat(outcomes.of(0)).isInstanceOf(FatalException.class).hasMessageContaining("max.message.bytes")
                .hasMessageContaining("batch_size is 262144").hasMessageContaining("at most 8000");
    }

    @Test
    void topicCreationMakesACompactedTopicWithTheGivenPartitions() throws Exception {
        String topic = "users-compacted";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("topic_creation", Map.of("enabled", true, "partitions", 4,
                "replication_factor", 1, "configs", Map.of("cleanup.policy", "compact"))), stateDir)) {
            sink.open();
            sink.write(record(topic, "k1", "v1"), outcomes.callback(0));
            sink.write(record(topic, "k1", null), outcomes.callback(1));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(readAll(kafka.bootstrapServers(), topic, 2)).extracting(r -> text(r.value()))
                .containsExactly("v1", null);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(4);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    /**
     * The dead-letter topic gets topic_creation's settings without compaction: compacted, it would keep one dead
     * letter per key (dropping the others) and refuse those of keyless events. The event topics stay compacted.
     */
    @Test
    void topicCreationMakesTheDeadLetterTopicWithoutCompaction() throws Exception {
        String topic = "orders-compacted";
        String deadLetters = "orders-dead-letters";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("topic_creation", Map.of("enabled", true, "partitions", 1,
                "configs", Map.of("cleanup.policy", "compact", "retention.ms", "604800000"))), stateDir)) {
            sink.open();
            sink.write(record(topic, "k1", "v1"), outcomes.callback(0));
            for (int i = 1; i <= 2; i++) { // two dead letters of one key, and one of a keyless event
                sink.write(new SinkRecord(deadLetters, bytes("k1"), bytes("failed " + i), Headers.EMPTY,
                        PayloadFormat.JSON, event(topic, Op.UPDATE, 1)), outcomes.callback(i));
            }
            sink.write(new SinkRecord(deadLetters, null, bytes("failed keyless"), Headers.EMPTY, PayloadFormat.JSON,
                    event(topic, Op.CREATE, 7)), outcomes.callback(3));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(readAll(kafka.bootstrapServers(), deadLetters, 3)).extracting(r -> text(r.value()))
                .containsExactly("failed 1", "failed 2", "failed keyless");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(dlq, events)).all().get();
            assertThat(configs.get(dlq).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(dlq).get("retention.ms").value()).isEqualTo("604800000");
            assertThat(configs.get(events).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void aKeylessRecordForACompactedTopicIsRefusedBeforeItCanTakeItsBatchDown() throws Exception {
        String topic = "users-compacted-one-partition";
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("linger_ms", 200, "topic_creation", Map.of("enabled", true,
                "partitions", 1, "configs", Map.of("cleanup.policy", "compact"))), stateDir)) {
            sink.open();
            // Sent, the keyless record would take its whole batch down with it (KIP-467).
            sink.write(record(topic, "k1", "v1"), outcomes.callback(0));
            sink.write(new SinkRecord(topic, null, bytes("no key"), Headers.EMPTY, PayloadFormat.JSON,
                    event(topic, Op.CREATE, 7)), outcomes.callback(1));
            sink.write(record(topic, "k2", "v2"), outcomes.callback(2));
            sink.flush();
            sink.write(record(topic, "k3", "v3"), outcomes.callback(3));
            sink.flush();
        }
        assertThat(outcomes.failures()).containsOnlyKeys(1);
        assertThat(outcomes.of(1)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is compacted and takes no record without a key");
        assertThat(outcomes.eachCalledOnce()).isTrue();
        assertThat(readAll(kafka.bootstrapServers(), topic, 3)).extracting(r -> text(r.value()))
                .containsExactly("v1", "v2", "v3");
    }

    @Test
    void topicCreationLeavesAnExistingTopicAlone() throws Exception {
        String topic = "users-existing";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("topic_creation", Map.of("enabled", true, "partitions", 5)),
                stateDir)) {
            sink.open();
            sink.write(record(topic, "k", "v"), outcomes.callback(0));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "topic creation {0}")
    @ValueSource(booleans = {true, false})
    void anInvalidTopicNameIsInvalidDataForThatRecordOnly(boolean topicCreation) throws Exception {
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(config("topic_creation", Map.of("enabled", topicCreation)),
                stateDir)) {
            sink.open();
            sink.write(record("bad topic name!", "k", "v"), outcomes.callback(0));
            sink.write(record("users-valid-name", "k", "v"), outcomes.callback(1));
            sink.flush();
        }
        assertThat(outcomes.failures()).containsOnlyKeys(0);
        assertThat(outcomes.of(0)).isInstanceOf(InvalidDataException.class).hasMessageContaining("bad topic name!");
    }

    @Test
    void openingAgainstBrokersThatDoNotAnswerFailsNamingTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        // Nothing listening is told apart from a listener that does not answer, and is no matter of logins.
        try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", address, "request_timeout_ms", 1000,
                "linger_ms", 0), stateDir)) {
            assertThatThrownBy(sink::open).isInstanceOf(ConnectivityException.class)
                    .hasMessageContaining("cannot reach Kafka at " + address + " within 1000 ms: nothing accepts"
                            + " connections at " + address + " (connection refused) (check bootstrap_servers")
                    .hasMessageNotContaining("if the brokers need a login");
        }
        // Bound and listening but never accepting: the kernel completes connections, nothing answers as Kafka (as
        // a listener that wants a login or TLS does to a plaintext client).
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String listening = "127.0.0.1:" + silent.getLocalPort();
            try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", listening, "request_timeout_ms", 1000,
                    "linger_ms", 0), stateDir)) {
                assertThatThrownBy(sink::open).isInstanceOf(ConnectivityException.class)
                        .hasMessageContaining("cannot reach Kafka at " + listening)
                        .hasMessageNotContaining("nothing accepts connections")
                        .hasMessageContaining("; if the brokers need a login or TLS, set the sink's security block)");
            }
            // A sink that logs in already is not sent to its security block.
            try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", listening, "request_timeout_ms", 1000,
                    "linger_ms", 0, "security", Map.of("protocol", "SASL_PLAINTEXT", "sasl_mechanism", "PLAIN",
                            "username", "cdc", "password", "not-used")), stateDir)) {
                assertThatThrownBy(sink::open).isInstanceOf(ConnectivityException.class)
                        .hasMessageContaining("cannot reach Kafka at " + listening)
                        .hasMessageNotContaining("if the brokers need a login");
            }
        }
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : record.headers()) out.put(h.key(), text(h.value()));
        return out;
    }
}
