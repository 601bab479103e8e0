package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.USERS;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.bytes;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.readAll;
import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code partitioner: key_value} against a real broker: one key row written in several encodings
 * (plain JSON; a registry-framed key under schema id 1; the same under schema id 2 with a key schema
 * that gained a doc and a default) lands on one partition, the one the documented formula gives —
 * recomputed here with Kafka's own {@code Utils.murmur2} over the key's JSON written out by hand.
 * Under {@code key_bytes} (Kafka's default) the same records scatter.
 */
class KafkaSinkPartitionerTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final int PARTITIONS = 6;
    private static final int KEYS = 60;

    private static final RowSchema KEY_V1 = RowSchema.of("app.public.users.Key",
            Field.required("tenant", FieldType.STRING), Field.required("id", FieldType.INT64));
    /** Version 2 of the key schema: same fields, now documented and with a default. */
    private static final RowSchema KEY_V2 = RowSchema.of("app.public.users.Key",
            new Field("tenant", FieldType.STRING, false, "main", "the customer"),
            new Field("id", FieldType.INT64, false, 0L, "primary key"));

    @TempDir
    Path stateDir;

    /** The three encodings of one key; the value names key and encoding, to find them again. */
    private enum Encoding { JSON, SCHEMA_ID_1, SCHEMA_ID_2 }

    @Test
    void keyValuePartitioningKeepsEachKeyOnOnePartitionWhateverItsEncoding() throws Exception {
        String topic = "users-by-key-value";
        write(topic, "key_value");

        Map<String, Set<Integer>> partitionsByKey = partitionsByKey(readAll(kafka.bootstrapServers(), topic,
                KEYS * Encoding.values().length));
        assertThat(partitionsByKey).hasSize(KEYS);
        for (int k = 0; k < KEYS; k++) {
            assertThat(partitionsByKey.get(keyName(k))).as("partitions of key %s", keyName(k))
                    .containsExactly(documentedPartition(canonicalJson(k), PARTITIONS));
        }
        // and the keys do spread over the topic
        assertThat(partitionsByKey.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(PARTITIONS);
    }

    @Test
    void keyBytesPartitioningMovesAKeyWhenItsEncodingChanges() throws Exception {
        String topic = "users-by-key-bytes";
        write(topic, "key_bytes");

        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, KEYS * Encoding.values().length);
        assertThat(read).hasSize(KEYS * Encoding.values().length);
        // Kafka's default as it always was: murmur2 of the key bytes ...
        for (ConsumerRecord<byte[], byte[]> r : read) {
            assertThat(r.partition()).isEqualTo(documentedPartition(r.key(), PARTITIONS));
        }
        // ... so a key whose bytes change (new encoding, new schema id) changes partition.
        long moved = partitionsByKey(read).values().stream().filter(p -> p.size() > 1).count();
        assertThat(moved).isGreaterThan(KEYS / 2);
    }

    @Test
    void keyValueLeavesKeylessRecordsToKafkasStickyPartitioner() throws Exception {
        String topic = "users-keyless";
        int records = 400;
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = sink("key_value")) {
            sink.open();
            for (int i = 0; i < records; i++) {
                ChangeEvent event = ChangeEvent.builder(USERS, Op.CREATE, topic).build(); // a table without a key
                sink.write(new SinkRecord(topic, null, bytes("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(60) + "\"}"),
                        Headers.EMPTY, PayloadFormat.JSON, event), outcomes.callback(i));
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, records);
        assertThat(read).hasSize(records).allSatisfy(r -> assertThat(r.key()).isNull());
        // batch_size 512: the sticky partitioner moves on after every batch, so the records spread.
        assertThat(read.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
    }

    @Test
    void deadLetterRecordsKeepKafkasKeyBytesPartitioning() throws Exception {
        String deadLetters = "users-dead-letters";
        Map<Integer, byte[]> keyBytes = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) keyBytes.put(k, framed(1, k));
        // The two formulas must disagree somewhere, or this test could not tell them apart.
        assertThat(keyBytes.entrySet()).anySatisfy(e -> assertThat(documentedPartition(e.getValue(), PARTITIONS))
                .isNotEqualTo(documentedPartition(canonicalJson(e.getKey()), PARTITIONS)));

        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = sink("key_value")) {
            sink.open();
            for (int k = 0; k < KEYS; k++) {
                // A dead-letter record: written to the dead-letter topic, its event still names the table's topic.
                ChangeEvent event = ChangeEvent.builder(USERS, Op.CREATE, "users").key(keyRow(KEY_V1, k)).build();
                sink.write(new SinkRecord(deadLetters, keyBytes.get(k), bytes(keyName(k)),
                        Headers.EMPTY.with("cdc.error.stage", "kafka-sink"), PayloadFormat.BINARY, event),
                        outcomes.callback(k));
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), deadLetters, KEYS);
        assertThat(read).hasSize(KEYS).allSatisfy(r ->
                assertThat(r.partition()).isEqualTo(documentedPartition(r.key(), PARTITIONS)));
    }

    @Test
    void addingPartitionsMovesKeysByTheSameFormula() throws Exception {
        String topic = "users-growing";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            writeJson(topic, "before");
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(PARTITIONS))).all().get();
        }
        writeJson(topic, "after"); // a new run: its producer reads the topic's metadata afresh
        List<ConsumerRecord<byte[], byte[]>> read = readAll(kafka.bootstrapServers(), topic, 2 * KEYS);
        assertThat(read).hasSize(2 * KEYS).allSatisfy(r -> {
            int k = Integer.parseInt(text(r.value()).split("#")[0].substring("key-".length()));
            int partitions = text(r.value()).endsWith("#before") ? 3 : PARTITIONS;
            assertThat(r.partition()).isEqualTo(documentedPartition(canonicalJson(k), partitions));
        });
    }

    private void writeJson(String topic, String tag) throws Exception {
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = sink("key_value")) {
            sink.open();
            for (int k = 0; k < KEYS; k++) {
                ChangeEvent event = ChangeEvent.builder(USERS, Op.UPDATE, topic).key(keyRow(KEY_V1, k)).build();
                sink.write(new SinkRecord(topic, framed(1, k), bytes(keyName(k) + "#" + tag), Headers.EMPTY,
                        PayloadFormat.BINARY, event), outcomes.callback(k));
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
    }

    /** Each key written three ways: JSON, framed under schema id 1, framed under schema id 2 (key schema v2). */
    private void write(String topic, String partitioner) throws Exception {
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        int n = 0;
        try (Sink sink = sink(partitioner)) {
            sink.open();
            for (Encoding encoding : Encoding.values()) {
                for (int k = 0; k < KEYS; k++) {
                    Row key = keyRow(encoding == Encoding.SCHEMA_ID_2 ? KEY_V2 : KEY_V1, k);
                    byte[] keyBytes = switch (encoding) {
                        case JSON -> canonicalJson(k);
                        case SCHEMA_ID_1 -> framed(1, k);
                        case SCHEMA_ID_2 -> framed(2, k);
                    };
                    ChangeEvent event = ChangeEvent.builder(USERS, Op.UPDATE, topic).key(key).build();
                    sink.write(new SinkRecord(topic, keyBytes, bytes(keyName(k) + "#" + encoding), Headers.EMPTY,
                            encoding == Encoding.JSON ? PayloadFormat.JSON : PayloadFormat.BINARY, event),
                            outcomes.callback(n++));
                }
            }
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
    }

    private Sink sink(String partitioner) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap_servers", kafka.bootstrapServers());
        config.put("partitioner", partitioner);
        config.put("topic_creation", Map.of("enabled", true, "partitions", PARTITIONS));
        config.put("linger_ms", 0);
        config.put("batch_size", 512);
        return KafkaTestSupport.sink(config, stateDir);
    }

    private static Map<String, Set<Integer>> partitionsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Set<Integer>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = text(r.value()).split("#")[0];
            byKey.computeIfAbsent(key, x -> new TreeSet<>()).add(r.partition());
        }
        return byKey;
    }

    private static String keyName(int k) {
        return "key-" + k;
    }

    private static String tenant(int k) {
        return "tenant-" + (k % 7);
    }

    private static Row keyRow(RowSchema schema, int k) {
        return Row.of(schema, tenant(k), 1000L + k);
    }

    /** The canonical key value as docs/kafka.md defines it, written out by hand (independent of RowJson). */
    private static byte[] canonicalJson(int k) {
        return ("{\"tenant\":\"" + tenant(k) + "\",\"id\":" + (1000L + k) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Stand-in for a registry-framed key (magic byte 0, 4-byte schema id, payload): what matters is
     * that the bytes differ per schema id while the key value is the same.
     */
    private static byte[] framed(int schemaId, int k) {
        byte[] payload = (tenant(k) + "/" + (1000L + k)).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(schemaId).put(payload).array();
    }

    /** docs/kafka.md's formula, with Kafka's own murmur2: toPositive(murmur2(bytes)) % partitions. */
    private static int documentedPartition(byte[] bytes, int partitions) {
        return (Utils.murmur2(bytes) & 0x7fffffff) % partitions;
    }
}
