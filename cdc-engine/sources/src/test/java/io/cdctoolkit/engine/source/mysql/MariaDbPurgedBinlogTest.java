package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetTopic;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A MariaDB source whose saved binlog position was purged while it was stopped (binlogs expired, or
 * {@code PURGE BINARY LOGS}). Debezium cannot see it (MariaDB reports no purged GTIDs): {@code when_needed} took no
 * new snapshot and every mode stopped with the server's "Could not find GTID state requested by slave". Now
 * {@code when_needed} takes the new snapshot (the oracle: the table's current rows, then streaming), {@code always}
 * takes its own as at every start, and {@code initial} stops naming the purged position and the ways on — with the
 * offsets in the state directory and in Kafka ({@code offset_storage: kafka}, where nothing was looked at before and
 * every mode stopped at Debezium's first read).
 */
class MariaDbPurgedBinlogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void whenNeededTakesANewSnapshotOfTheCurrentRowsThenStreams() throws Exception {
        snapshotAgain("when_needed");
        try (var kept = Files.list(state)) {
            assertThat(kept.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("offsets.dat.purged-"))
                    .anyMatch(name -> name.startsWith("schema-history.dat.purged-"));
        }
    }

    @Test
    void alwaysTakesItsSnapshotAsAtEveryStart() throws Exception {
        snapshotAgain("always");
    }

    private void snapshotAgain(String mode) throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_" + mode);
        try {
            Map<String, Object> config = stoppedThenPurged(maria, db, mode);
            assertThat(positionCheck(config).outcome()).as("check, before the start").isEqualTo(Outcome.WARN);
            newSnapshotThenTheInsert(maria, db, config);
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    /** A start of {@link #stoppedThenPurged}'s source: the table's rows now, then an insert streamed, nothing more. */
    private void newSnapshotThenTheInsert(MariaDbServer maria, String db, Map<String, Object> config) throws Exception {
        try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(3, TIMEOUT);
            maria.execute(db, "INSERT INTO t VALUES (5, 'five')");
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);
            assertThat(reader.poll(Duration.ofSeconds(1))).isEmpty();
            assertThat(ids(events)).as("the table's rows now (2 deleted, 3 and 4 written while purged), then the insert")
                    .containsExactly(Op.READ + " 1", Op.READ + " 3", Op.READ + " 4", Op.CREATE + " 5");
        }
    }

    @Test
    void initialStopsTheStartNamingThePurgedPositionAndTheWaysOn() throws Exception {
        Map<String, Object> left = initialStops("maria_purged_initial", Map.of(), List.of("binlog_expire_logs_seconds",
                state.resolve("offsets.dat").toString()), config -> ConnectOffsetsFile.offsets(state).get(0));
        assertThat(left).as("left as it was").containsKey("gtids");
    }

    /**
     * A source with {@code initial} stopped and purged ({@code storage} among its options): check fails, the start stops
     * naming the purged position, the ways on and {@code named}. Returns the saved offset after the start, read by
     * {@code saved}.
     */
    private Map<String, Object> initialStops(String database, Map<String, Object> storage, List<String> named,
                                             SavedOffset saved) throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase(database);
        try {
            Map<String, Object> config = stoppedThenPurged(maria, db, "initial", storage);
            Map<String, Object> before = saved.read(config);
            PrerequisiteCheck check = positionCheck(config);
            assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(check.message()).contains("has been purged from the server");
            assertThat(check.fix()).contains("snapshot_mode: when_needed");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                var stop = assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                        .hasMessageContaining("has been purged from the server")
                        .hasMessageContaining("snapshot_mode: when_needed");
                for (String text : named) stop.hasMessageContaining(text);
            }
            Map<String, Object> after = saved.read(config);
            assertThat(after).as("the saved offset, left as it was").isEqualTo(before);
            return after;
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    /** Reads the source's saved offset. */
    @FunctionalInterface
    private interface SavedOffset {
        Map<String, Object> read(Map<String, Object> config) throws Exception;
    }

    @Test
    void offsetsInKafkaWhenNeededTakesANewSnapshotKeepsTheOldOffsetAndThenResumes() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_kafka");
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> config = stoppedThenPurged(maria, db, "when_needed", kafkaStorage(kafka));
            assertThat(Files.exists(state.resolve("offsets.dat"))).as("offsets in Kafka, not in the state directory").isFalse();
            Map<String, Object> purged = offsetIn(kafka, serverKey());
            assertThat(positionCheck(config).outcome()).as("check, before the start").isEqualTo(Outcome.WARN);
            newSnapshotThenTheInsert(maria, db, config);
            assertThat(offsetIn(kafka, serverKey())).as("the new offset").containsKey("gtids").isNotEqualTo(purged);
            String keptKey = keysOf(kafka, "maria-purged-offsets").stream()
                    .filter(key -> key.startsWith("[\"purged\",{\"server\":\"purged\",\"purged\":\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no key of the old offset in the offsets topic"));
            Map<String, Object> keptUnder = new java.util.LinkedHashMap<>(); // the key's JSON in its order
            keptUnder.put("server", "purged");
            keptUnder.put("purged", keptKey.replaceAll(".*\"purged\":\"([^\"]+)\".*", "$1"));
            assertThat(offsetIn(kafka, keptUnder)).as("the old offset, kept under a key of its own").isEqualTo(purged);
            // The schema history topic kept the old records before the new snapshot's: a restart replays both and
            // resumes after the last delivered change, without a snapshot.
            maria.execute(db, "INSERT INTO t VALUES (6, 'six')");
            assertThat(positionCheck(config).outcome()).as("check, after the new snapshot").isEqualTo(Outcome.PASS);
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                assertThat(ids(harness.pollAtLeast(1, TIMEOUT))).containsExactly(Op.CREATE + " 6");
                assertThat(reader.poll(Duration.ofSeconds(1))).isEmpty();
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    @Test
    void offsetsInKafkaInitialStopsTheStartNamingThePurgedPositionAndTheWaysOn() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> left = initialStops("maria_purged_kafka_initial", kafkaStorage(kafka),
                    List.of("Kafka topic 'maria-purged-offsets'", "schema history topic 'maria-purged-history'"),
                    config -> offsetIn(kafka, serverKey()));
            assertThat(left).containsKey("gtids");
        }
    }

    @Test
    void offsetsInKafkaCheckWithoutAnOffsetsTopicPassesAndCreatesNone() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_kafka_none");
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            config.putAll(kafkaStorage(kafka));
            config.put("snapshot_mode", "initial");
            assertThat(positionCheck(config).outcome()).isEqualTo(Outcome.PASS);
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as("topics after check").doesNotContain("maria-purged-offsets");
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    /**
     * Offsets in Kafka on brokers that take no connection: the check's offset_storage item fails naming them (and
     * nothing else tries to read the offsets), and the start fails with the same words, both at once rather than after
     * the Kafka clients' retries.
     */
    @Test
    void offsetsInKafkaOnBrokersThatTakeNoConnectionFailTheCheckAndTheStartNamingThem() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_offsets_refused");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        try {
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            config.putAll(Map.of("offset_storage", "kafka", "kafka_bootstrap_servers", "127.0.0.1:" + closed,
                    "offset_topic", "maria-refused-offsets"));
            String refused = "nothing accepts connections at 127.0.0.1:" + closed + " (connection refused)";

            PrerequisiteReport report = new MariaDbSourceFactory().check(MariaDbTestSupport.options(config),
                    ComponentContext.of("purged", state));
            PrerequisiteCheck offsets = report.item("offset_storage").orElseThrow();
            assertThat(offsets.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(offsets.message()).isEqualTo("the offsets topic 'maria-refused-offsets' cannot be reached: "
                    + refused);
            assertThat(report.item(PurgedBinlogStart.CHECK)).as("the saved offsets are not read").isEmpty();
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                assertThatThrownBy(reader::start).hasMessageContaining("maria-refused-offsets")
                        .hasMessageContaining("cannot be reached: " + refused + " (kafka_bootstrap_servers)");
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    /** The offset under {@code partition} in the test's offsets topic. */
    private static Map<String, Object> offsetIn(KafkaTestCluster kafka, Map<String, Object> partition) throws Exception {
        try (ConnectOffsetTopic topic = new ConnectOffsetTopic(kafka.bootstrapServers(), "maria-purged-offsets",
                "purged", "test-reader", "offsets", TIMEOUT)) {
            return topic.read(partition);
        }
    }

    /** Debezium's MariaDB key of the source named "purged". */
    private static Map<String, Object> serverKey() {
        return Map.of("server", "purged");
    }

    private static Map<String, Object> kafkaStorage(KafkaTestCluster kafka) {
        return Map.of("offset_storage", "kafka", "kafka_bootstrap_servers", kafka.bootstrapServers(),
                "offset_topic", "maria-purged-offsets", "schema_history_topic", "maria-purged-history");
    }

    private static List<String> ids(List<ChangeEvent> events) {
        List<String> seen = new ArrayList<>();
        for (ChangeEvent e : events) seen.add(e.op() + " " + Envelope.after(e.value()).get("id"));
        return seen;
    }

    /** The keys (as text) of every record in {@code topic}. */
    private static List<String> keysOf(KafkaTestCluster kafka, String topic) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> keys = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }

    private PrerequisiteCheck positionCheck(Map<String, Object> config) throws Exception {
        return new MariaDbSourceFactory().check(MariaDbTestSupport.options(config), ComponentContext.of("purged", state))
                .item(PurgedBinlogStart.CHECK).orElseThrow();
    }

    /** A source that read rows 1 and 2 and stopped; then changes, and the binlogs holding them purged. */
    private Map<String, Object> stoppedThenPurged(MariaDbServer maria, String db, String mode) throws Exception {
        return stoppedThenPurged(maria, db, mode, Map.of());
    }

    /** {@link #stoppedThenPurged(MariaDbServer, String, String)} with {@code storage} among the source's options. */
    private Map<String, Object> stoppedThenPurged(MariaDbServer maria, String db, String mode, Map<String, Object> storage)
            throws Exception {
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t VALUES (1, 'one')",
                "INSERT INTO t VALUES (2, 'two')");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.putAll(storage);
        config.put("snapshot_mode", mode);
        try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(2, TIMEOUT);
        }
        maria.execute(db, "DELETE FROM t WHERE id = 2", "INSERT INTO t VALUES (3, 'three')");
        assertThat(positionCheck(config).outcome()).as("check, the position still on the server").isEqualTo(Outcome.PASS);
        String written = currentBinlog(maria, db);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // The server keeps a binlog until its checkpoint has passed: flush and purge until the changes' file is gone.
        while (oldestBinlog(maria, db).compareTo(written) <= 0) {
            assertThat(System.nanoTime()).as("binlog " + written + " purged").isLessThan(deadline);
            maria.execute(db, "FLUSH BINARY LOGS");
            maria.execute(db, "PURGE BINARY LOGS TO '" + currentBinlog(maria, db) + "'");
            Thread.sleep(200);
        }
        maria.execute(db, "INSERT INTO t VALUES (4, 'four')");
        return config;
    }

    private static String currentBinlog(MariaDbServer maria, String db) throws Exception {
        return first(maria, db, "SHOW MASTER STATUS");
    }

    private static String oldestBinlog(MariaDbServer maria, String db) throws Exception {
        return first(maria, db, "SHOW BINARY LOGS");
    }

    private static String first(MariaDbServer maria, String db, String sql) throws Exception {
        try (Connection c = maria.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
