package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.source.postgres.pgoutput.TopicRecords;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code engine: native} with {@code offset_storage: kafka}: the offsets are saved to the Kafka offsets topic
 * (read back here with a plain consumer), not to the state directory, and a restart — even with an empty state
 * directory — resumes right after the committed change.
 */
class NativeKafkaOffsetsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Given as the database password (the embedded server trusts the superuser, so it is sent and ignored). */
    private static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();
    private static KafkaTestCluster kafka;

    @TempDir
    Path state;
    @TempDir
    Path otherState;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    private Map<String, Object> config(PostgresServer pg, String db, String topic, String engine) {
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, engine);
        config.put("slot_name", "kafka_offsets_" + engine);
        config.put("password", PASSWORD);
        config.put("offset_storage", "kafka");
        config.put("kafka_bootstrap_servers", kafka.bootstrapServers());
        config.put("offset_topic", topic);
        return config;
    }

    @Test
    void aRestartResumesRightAfterTheCommittedChangeFromTheTopicAndNoOffsetsFileIsWritten() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_kafka_offsets");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snap'), (2, 'snap')");
        Map<String, Object> config = config(pg, db, "native-offsets-resume", "native");
        config.put("offset_flush_interval_ms", 0); // every commit saved before commit returns
        List<String> leaks = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> secretWatch = secretWatch(leaks);
        List<ChangeEvent> streamed = new ArrayList<>();
        try (CdcReader reader = PgTestSupport.reader(config, "kafka-offsets", state)) {
            reader.start();
            List<ChangeEvent> snapshot = new ReaderHarness(reader).pollAtLeast(2, TIMEOUT); // commits the rows
            assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Op.READ);
            pg.execute(db, "BEGIN; INSERT INTO t VALUES (10, 'a'), (11, 'b'), (12, 'c'), (13, 'd'); COMMIT",
                    "INSERT INTO t VALUES (20, 'e')");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (streamed.size() < 5 && System.nanoTime() < deadline) streamed.addAll(reader.poll(Duration.ofMillis(200)));
            assertThat(streamed).extracting(e -> e.key().get("id")).containsExactly(10, 11, 12, 13, 20);
            reader.commit(streamed.get(1).position()); // half of the transaction: 10 and 11
        } finally {
            root().detachAppender(secretWatch);
        }
        assertThat(leaks).as("log lines holding the password").isEmpty();

        // The oracle: the topic itself, read with a plain consumer.
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka, "native-offsets-resume");
        assertThat(records).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(new String(r.key(), StandardCharsets.UTF_8) + new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain(PASSWORD);
            assertThat(JSON.readTree(r.key()))
                    .isEqualTo(JSON.readTree("[\"kafka-offsets\",{\"server\":\"kafka-offsets\",\"engine\":\"native\"}]"));
        }
        JsonNode last = JSON.readTree(records.get(records.size() - 1).value());
        Map<String, Object> committed = streamed.get(1).position().offset();
        assertThat(last.get("slot").asText()).isEqualTo("kafka_offsets_native");
        assertThat(last.get("snapshot_completed").asBoolean()).isTrue();
        assertThat(last.get("commit_lsn").asLong()).isEqualTo(committed.get("lsn_commit"));
        assertThat(last.get("index").asLong()).isEqualTo(2L);
        assertThat(last.get("tx_complete").asBoolean()).isFalse();
        assertThat(offsetFiles(state)).as("offset files in the state directory").isEmpty();

        // A new state directory: what the restart knows can only come from the topic.
        try (CdcReader reader = PgTestSupport.reader(config, "kafka-offsets", otherState)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> resumed = harness.pollAtLeast(3, TIMEOUT);
            assertThat(resumed).extracting(e -> e.key().get("id")).containsExactly(12, 13, 20);
            assertThat(resumed).extracting(ChangeEvent::op).containsOnly(Op.CREATE); // no second snapshot
            assertThat(Envelope.after(resumed.get(0).value()).get("v")).isEqualTo("c");
        }
        // cdc-toolkit backfill: the request goes to the topic too, and the next start reads it from there.
        assertThat(new PostgresSourceFactory().requestBackfill(PgTestSupport.options(config),
                ComponentContext.of("kafka-offsets", state), List.of("t"), null, false)).startsWith("the next start of");
        try (CdcReader reader = PgTestSupport.reader(config, "kafka-offsets", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> rows = harness.pollAtLeast(7, TIMEOUT);
            assertThat(rows).extracting(ChangeEvent::op).containsOnly(Op.READ);
            assertThat(rows).extracting(e -> e.key().get("id")).containsExactlyInAnyOrder(1, 2, 10, 11, 12, 13, 20);
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (30, 'f')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .containsExactly(30); // everything before was committed: no change comes again
        }
        assertThat(offsetFiles(state)).isEmpty();
        assertThat(offsetFiles(otherState)).isEmpty();
    }

    /**
     * Switching {@code engine:} behaves as with files ({@code native-offsets.properties} and {@code offsets.dat} side by
     * side): the engines share the topic, each under its own key, and neither takes the other's offsets for its own.
     */
    @Test
    void theDebeziumEngineOnTheSameTopicKeepsItsOwnOffsetsAndTheNativeEngineResumesFromItsOwn() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_kafka_switch");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
        Map<String, Object> nativeConfig = config(pg, db, "native-offsets-switch", "native");
        Map<String, Object> debeziumConfig = config(pg, db, "native-offsets-switch", "debezium");
        debeziumConfig.put("slot_name", nativeConfig.get("slot_name")); // the user changes only engine:
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "switch", state)) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(2, TIMEOUT)).extracting(ChangeEvent::op).containsOnly(Op.READ);
        }
        pg.execute(db, "INSERT INTO t VALUES (3)");
        try (CdcReader reader = PgTestSupport.reader(debeziumConfig, "switch", state)) {
            reader.start();
            // No offsets of its own yet: the Debezium engine snapshots (as with a state directory holding only
            // native-offsets.properties), then streams.
            List<ChangeEvent> events = new ReaderHarness(reader).pollAtLeast(3, TIMEOUT);
            assertThat(events).extracting(e -> e.key().get("id")).containsExactly(1, 2, 3);
            assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.READ);
            Await.until("the Debezium engine's offsets in the topic", () -> keys("native-offsets-switch").size() == 2);
        }
        assertThat(keys("native-offsets-switch")).containsExactlyInAnyOrder(
                JSON.readTree("[\"switch\",{\"server\":\"switch\",\"engine\":\"native\"}]"),
                JSON.readTree("[\"switch\",{\"server\":\"switch\"}]"));
        pg.execute(db, "INSERT INTO t VALUES (4)");
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "switch", state)) {
            reader.start();
            // Its own offsets say the snapshot is done: no second snapshot, streaming from the slot (row 3 may come
            // again first, in a batch of its own: its offsets are from before it).
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(es -> es.stream()
                    .anyMatch(e -> Integer.valueOf(4).equals(e.key().get("id"))), TIMEOUT, true);
            assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.CREATE);
            assertThat(events).extracting(e -> e.key().get("id")).contains(4);
        }
        assertThat(offsetFiles(state)).isEmpty();
    }

    /**
     * A source that ran with the Debezium engine and offsets in Kafka switches to native: no native offsets yet, but
     * the Debezium engine's (its own key in the same topic) say its snapshot finished, so the native engine streams
     * the same slot on without a second snapshot (NativeEngineSwitchTest has the file case).
     */
    @Test
    void aSourceSwitchedFromTheDebeziumEngineTakesOverItsSlotFromItsOffsetsInTheTopic() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_kafka_takeover");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
        Map<String, Object> debeziumConfig = config(pg, db, "native-offsets-takeover", "debezium");
        Map<String, Object> nativeConfig = config(pg, db, "native-offsets-takeover", "native");
        nativeConfig.put("slot_name", debeziumConfig.get("slot_name")); // the user changes only engine:
        try (CdcReader reader = PgTestSupport.reader(debeziumConfig, "takeover", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(2, TIMEOUT)).extracting(ChangeEvent::op).containsOnly(Op.READ);
            pg.execute(db, "INSERT INTO t VALUES (3)");
            harness.pollAtLeast(3, TIMEOUT);
            Await.until("the Debezium engine's offsets in the topic", () -> keys("native-offsets-takeover").size() == 1);
        }
        pg.execute(db, "INSERT INTO t VALUES (4)");
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "takeover", otherState)) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(
                    received -> received.stream().anyMatch(e -> Integer.valueOf(4).equals(e.key().get("id"))), TIMEOUT, true);
            assertThat(events).extracting(ChangeEvent::op).as("no second snapshot").containsOnly(Op.CREATE);
            assertThat(events).extracting(e -> e.key().get("id")).as("repeats only of what the Debezium engine delivered")
                    .isSubsetOf(3, 4).endsWith(4);
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    @Test
    void withoutBrokersTheStartIsRefusedNamingTheKeyAndTheFixAsWithTheDebeziumEngine() {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("host", "h", "database", "d", "user", "u",
                "engine", "native", "offset_storage", "kafka"));
        assertThatThrownBy(() -> PgTestSupport.reader(config, "pg", state))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                            .containsExactly("sources.pg.config.kafka_bootstrap_servers");
                    assertThat(e.problems()).extracting(ConfigProblem::fix)
                            .containsExactly("add kafka_bootstrap_servers: host:9092");
                });
        config.put("engine", "debezium"); // the same problem, word for word
        assertThatThrownBy(() -> PgTestSupport.reader(config, "pg", state))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath, ConfigProblem::message, ConfigProblem::fix)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("sources.pg.config.kafka_bootstrap_servers",
                                "offset_storage: kafka needs the Kafka brokers", "add kafka_bootstrap_servers: host:9092")));
    }

    /**
     * Brokers that take no connection: {@code check}'s {@code offset_storage} item fails naming them, and the start of
     * either engine fails with the same words instead of Kafka's "Failed to connect to and describe Kafka cluster"
     * after a minute. With the brokers up the item passes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void brokersThatTakeNoConnectionFailTheCheckAndTheStartNamingThem(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_offsets_refused_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        Map<String, Object> config = config(pg, db, "offsets-refused-" + engine, engine);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        PrerequisiteCheck up = factory.check(PgTestSupport.options(config), ComponentContext.of("pg", state))
                .item("offset_storage").orElseThrow();
        assertThat(up.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
        assertThat(up.message()).isEqualTo("offsets in Kafka topic 'offsets-refused-" + engine + "' on "
                + kafka.bootstrapServers() + " (a broker takes connections)");

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        config.put("kafka_bootstrap_servers", "127.0.0.1:" + closed);
        String refused = "nothing accepts connections at 127.0.0.1:" + closed + " (connection refused)";

        PrerequisiteCheck down = factory.check(PgTestSupport.options(config), ComponentContext.of("pg", state))
                .item("offset_storage").orElseThrow();
        assertThat(down.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
        assertThat(down.message()).isEqualTo("the offsets topic 'offsets-refused-" + engine + "' cannot be reached: "
                + refused);
        assertThat(down.fix()).isEqualTo("check kafka_bootstrap_servers, and that those Kafka brokers are up");
        try (CdcReader reader = PgTestSupport.reader(config, "pg", state)) {
            assertThatThrownBy(reader::start).hasMessageContaining("offsets-refused-" + engine)
                    .hasMessageContaining("cannot be reached: " + refused + " (kafka_bootstrap_servers)");
        }
    }

    /**
     * The Debezium engine with its offsets in the topic: a start that adds a table to the publication after the
     * snapshot completed reads the table's rows (snapshot_new_tables), as with the offsets file
     * ({@link DebeziumNewlyCaptured} reads the engine's key in the topic to know the snapshot completed).
     */
    @Test
    void theDebeziumEngineBackfillsATableAddedAfterTheSnapshotItsOffsetsInTheTopicRecord() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_kafka_offsets_added");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE u (id int PRIMARY KEY)",
                "INSERT INTO t VALUES (1)", "INSERT INTO u VALUES (1)");
        Map<String, Object> config = config(pg, db, "debezium-offsets-added", "debezium");
        config.put("offset_flush_interval_ms", 0); // every commit saved before commit returns
        config.put("include_tables", List.of("public.t"));
        try (CdcReader reader = PgTestSupport.reader(config, "added", state)) {
            reader.start();
            List<ChangeEvent> snapshot = new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            reader.commit(snapshot.get(snapshot.size() - 1).position());
        }
        assertThat(offsetFiles(state)).as("offsets only in the topic").isEmpty();
        config.put("include_tables", List.of("public.t", "public.u"));

        try (LogCapture log = LogCapture.atLeast(Level.INFO, DebeziumNewlyCaptured.class);
             CdcReader reader = PgTestSupport.reader(config, "added", state)) {
            reader.start();
            assertThat(log.messages()).singleElement().asString().contains("public.u added to publication")
                    .contains("its rows are read as a backfill");
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT))
                    .extracting(e -> e.op() + " " + e.table().table() + ":" + e.key().get("id")).containsExactly("READ u:1");
        }
    }

    /** The topic's distinct keys, in the order first written. */
    private static List<JsonNode> keys(String topic) {
        List<JsonNode> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(kafka, topic)) {
            try {
                JsonNode key = JSON.readTree(r.key());
                if (!keys.contains(key)) keys.add(key);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return keys;
    }

    /** Files of either engine's offsets under {@code dir}. */
    private static List<Path> offsetFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("native-offsets")
                    || f.getFileName().toString().startsWith("offsets.dat")).toList();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Collects every log line (message or exception text) that holds the password. */
    private static AppenderBase<ILoggingEvent> secretWatch(List<String> leaks) {
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String text = event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
                if (text != null && text.contains(PASSWORD)) leaks.add(event.getLoggerName() + ": " + text);
            }
        };
        appender.setContext(root().getLoggerContext());
        appender.start();
        root().addAppender(appender);
        return appender;
    }
}
