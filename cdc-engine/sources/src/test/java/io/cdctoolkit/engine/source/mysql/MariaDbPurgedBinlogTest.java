package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetTopic;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    @Test
    void initialStopsTheStartNamingThePurgedPositionAndTheWaysOn() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_initial");
        try {
            Map<String, Object> config = stoppedThenPurged(maria, db, "initial");
            PrerequisiteCheck check = positionCheck(config);
            assertThat(check.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(check.message()).contains("has been purged from the server");
            assertThat(check.fix()).contains("snapshot_mode: when_needed");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                        .hasMessageContaining("has been purged from the server")
                        .hasMessageContaining("snapshot_mode: when_needed")
                        .hasMessageContaining("binlog_expire_logs_seconds");
            }
            assertThat(state.resolve("offsets.dat")).as("left as it was").exists();
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    @Test
    void offsetsInKafkaWhenNeededTakesANewSnapshotKeepsTheOldOffsetAndThenResumes() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_kafka");
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> config = stoppedThenPurged(maria, db, "when_needed", kafkaStorage(kafka));
            assertThat(Files.exists(state.resolve("offsets.dat"))).as("offsets in Kafka, not in the state directory").isFalse();
            assertThat(positionCheck(config).outcome()).as("check, before the start").isEqualTo(Outcome.WARN);
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(3, TIMEOUT);
                maria.execute(db, "INSERT INTO t VALUES (5, 'five')");
                assertThat(ids(harness.pollAtLeast(4, TIMEOUT)))
                        .as("the table's rows now (2 deleted, 3 and 4 written while purged), then the insert")
                        .containsExactly(Op.READ + " 1", Op.READ + " 3", Op.READ + " 4", Op.CREATE + " 5");
            }
            try (ConnectOffsetTopic topic = new ConnectOffsetTopic(kafka.bootstrapServers(), "maria-purged-offsets",
                    "purged", "test-reader", "offsets", TIMEOUT)) {
                assertThat(topic.read(Map.of("server", "purged"))).as("the new offset").containsKey("gtids");
            }
            assertThat(keysOf(kafka, "maria-purged-offsets")).as("the old offset kept under a key of its own")
                    .anyMatch(key -> key.startsWith("[\"purged\",{\"server\":\"purged\",\"purged\":\""));
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
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_purged_kafka_initial");
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> config = stoppedThenPurged(maria, db, "initial", kafkaStorage(kafka));
            assertThat(positionCheck(config).outcome()).isEqualTo(Outcome.FAIL);
            try (CdcReader reader = MariaDbTestSupport.reader(config, "purged", state)) {
                assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                        .hasMessageContaining("has been purged from the server")
                        .hasMessageContaining("snapshot_mode: when_needed")
                        .hasMessageContaining("Kafka topic 'maria-purged-offsets'")
                        .hasMessageContaining("schema history topic 'maria-purged-history'");
            }
            try (ConnectOffsetTopic topic = new ConnectOffsetTopic(kafka.bootstrapServers(), "maria-purged-offsets",
                    "purged", "test-reader", "offsets", TIMEOUT)) {
                assertThat(topic.read(Map.of("server", "purged"))).as("left as it was").isNotNull();
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
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
