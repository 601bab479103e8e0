package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.compat.SinkFile.Change;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cdctoolkit.compat.DeliveryAssertions.assertEveryKeyHistory;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's deduplication guarantee with the <b>Kafka</b> sink ({@link DurabilityScenarios} checks it with the file
 * sink): {@code cdc-toolkit run} in a child JVM reads PostgreSQL's {@code items (id, v)} into a one-partition topic of
 * the in-process broker; rows are inserted and updated v = 1, 2, then 1 again; the test SIGKILLs the CLI while it is
 * producing, restarts it on the same config and state, and reads the topic from the beginning.
 *
 * <p>Which records the first process's acknowledgements covered is read from Kafka itself: with
 * {@code max_in_flight_records: 1} the pipeline sends a record only once the previous one was acknowledged, so of
 * the records the first process produced (the topic's only partition holds them in send order; their producer
 * timestamps are before the kill) every one but the last was acknowledged before the kill. The last may have been
 * appended by the broker without its acknowledgement reaching the pipeline (docs/cdc-features.md, "Surviving
 * kill -9"), so it alone may come again.
 *
 * <p>A record's identity is its change and its WAL position ({@code source.lsn}): the two {@code v = 1} updates of a
 * row are equal changes at different positions; a record that came twice is the same change at the same position.
 */
class PostgresKafkaDeduplicationKillTest {

    private static final int BATCH_SIZE = 500;
    private static final int ROWS = 10_000;
    private static final int KILL_AFTER = 3_000;
    private static final int SENTINEL = ItemsWorkload.SENTINEL;
    /** Transactions of 200 inserts, 20 rows of each set to 1, 2 and 1 again: two updates set the same values. */
    private static final ItemsWorkload WORKLOAD = new ItemsWorkload(ROWS, List.of(1, 2, 1));
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path tmp;

    @Test
    void killedWhileProducingWithDeduplicationRepeatsNoRecordKafkaAcknowledged() throws Exception {
        KillRun run = killWhileProducingAndRestart("kdedup", """
                      cdc_features:
                        deduplication: { enabled: true }
                """);

        Delivered lastOfFirst = run.beforeKill().get(run.beforeKill().size() - 1);
        Map<Delivered, Integer> repeated = repeated(run.all());
        report(run, repeated);
        assertThat(repeated).as("records in Kafka more than once: at most the first process's last record, whose "
                        + "acknowledgement the kill may have cut off; every earlier one was acknowledged")
                .hasSizeLessThanOrEqualTo(1);
        repeated.forEach((record, copies) -> {
            assertThat(record).as("the one record that may repeat").isEqualTo(lastOfFirst);
            assertThat(copies).as("copies of %s", record).isEqualTo(2);
            assertThat(run.afterRestart().get(0)).as("its second copy is the restarted run's first record").isEqualTo(record);
        });
        assertThat(run.beforeKill().size()).as("killed mid-stream").isLessThan(distinct(run.all()).size());
        // Every change made, each once and in order per key, both v = 1 updates of a row included.
        assertEveryKeyHistory(changes(distinct(run.all())), WORKLOAD.history());

        assertThat(run.log()).as("the restarted run reloaded the window its predecessor wrote before the kill")
                .containsPattern("deduplication window reloaded with [1-9][0-9]* of");
        Matcher counts = Pattern.compile("(\\d+) events in, (\\d+) records out").matcher(run.log());
        assertThat(counts.find()).as("the restarted run's summary%s", run.log()).isTrue();
        assertThat(Long.parseLong(counts.group(1))).as("the restarted run read again (and dropped) acknowledged changes")
                .isGreaterThan(Long.parseLong(counts.group(2)));
        assertThat(Long.parseLong(counts.group(2))).as("records the restarted run produced, as the topic holds them")
                .isEqualTo(run.afterRestart().size());
    }

    /**
     * The control: the same kill and restart without deduplication produces again records Kafka had acknowledged
     * (more than the one record in flight), the tail of what the first process produced.
     */
    @Test
    void killedWhileProducingWithoutDeduplicationRepeatsAcknowledgedRecords() throws Exception {
        KillRun run = killWhileProducingAndRestart("knodedup", "");

        Map<Delivered, Integer> repeated = repeated(run.all());
        report(run, repeated);
        assertThat(repeated.size()).as("records in Kafka twice (one may be the unacknowledged last)").isGreaterThan(1);
        assertThat(repeated.values()).as("copies of each repeated record").containsOnly(2);
        assertThat(run.afterRestart().subList(0, repeated.size()))
                .as("what came twice is the end of what the killed run produced")
                .isEqualTo(run.beforeKill().subList(run.beforeKill().size() - repeated.size(), run.beforeKill().size()));
        assertEveryKeyHistory(changes(distinct(run.all())), WORKLOAD.history());
    }

    /** What the run measured, in the test's output (how much the kill left to replay, and what came twice). */
    private static void report(KillRun run, Map<Delivered, Integer> repeated) {
        Matcher counts = Pattern.compile("(\\d+) events in, (\\d+) records out").matcher(run.log());
        System.out.printf("records produced before the kill: %d, after the restart: %d; in Kafka twice: %d %s;"
                        + " restarted run: %s%n", run.beforeKill().size(), run.afterRestart().size(), repeated.size(),
                repeated.size() <= 3 ? repeated.keySet() : "", counts.find() ? counts.group() : "(no summary)");
    }

    /** One record of the topic: the change it carries and the WAL position of that change. */
    record Delivered(Change change, long lsn) {
    }

    /** The records the killed process produced and those the restarted one produced, and the restarted CLI's log. */
    record KillRun(List<Delivered> beforeKill, List<Delivered> afterRestart, String log) {
        List<Delivered> all() {
            List<Delivered> all = new ArrayList<>(beforeKill);
            all.addAll(afterRestart);
            return all;
        }
    }

    private KillRun killWhileProducingAndRestart(String scenario, String sourceConfigExtra) throws Exception {
        String db = "kafka_" + scenario;
        String topic = scenario + ".items";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)", "ALTER TABLE items REPLICA IDENTITY FULL",
                "INSERT INTO items VALUES (0, 0)"); // the snapshot: once it arrived, the reader streams
        Path config = config(db, scenario, sourceConfigExtra);
        Path log = tmp.resolve("cli.log");

        CliProcess first = CliProcess.run(config, log);
        CompletableFuture<Void> writer;
        long killedAt;
        try {
            awaitTopic(topic, first, end -> end >= 1, "the snapshot row");
            writer = CompletableFuture.runAsync(() -> insertUpdateAndRepeat(db));
            awaitTopic(topic, first, end -> end >= KILL_AFTER, KILL_AFTER + " records");
            assertThat(first.isAlive()).as(first.logTail()).isTrue();
        } finally {
            first.kill(); // SIGKILL: no flush, no final commit
            killedAt = System.currentTimeMillis();
        }
        int logBeforeRestart = Files.readString(log).length(); // the log is appended to
        long restartedAt = System.currentTimeMillis();
        CliProcess second = CliProcess.run(config, log); // rows keep coming meanwhile
        try {
            writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            pg.execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
            awaitTopic(topic, second, end -> lastChange(topic).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }

        // Who produced a record: its producer timestamp (CreateTime, set by send() in the producing process) is
        // before the kill for the first process and after the restart began for the second.
        List<Delivered> beforeKill = new ArrayList<>();
        List<Delivered> afterRestart = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals)) {
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            if (r.timestamp() <= killedAt) {
                assertThat(afterRestart).as("offset %d: the first process's records precede the second's", r.offset())
                        .isEmpty();
                beforeKill.add(delivered(r));
            } else {
                assertThat(r.timestamp()).as("offset %d produced after the kill (%d) by the restarted process",
                        r.offset(), killedAt).isGreaterThanOrEqualTo(restartedAt);
                afterRestart.add(delivered(r));
            }
        }
        assertThat(beforeKill.size()).as("records the killed process produced").isGreaterThanOrEqualTo(KILL_AFTER);
        return new KillRun(beforeKill, afterRestart, second.log().substring(logBeforeRestart));
    }

    private Path config(String db, String scenario, String sourceConfigExtra) throws Exception {
        Path file = tmp.resolve("pipeline.yaml");
        // One record in flight: every record but the last one the killed process produced was acknowledged.
        // Offsets written at most once a second: the kill always leaves a replayed tail of acknowledged records.
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  db:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      slot_name: kafka_%s
                      include_tables: [public.items]
                      poll_interval_ms: 50
                      topic_routing: "%s.{table}"
                      offset_flush_interval_ms: 1000
                %s
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 0 # one record in flight: lingering would only delay each send
                      topic_creation: { enabled: true, partitions: 1 }
                pipelines:
                  %s:
                    source: db
                    sink: kafka
                    settings: { batch_size: %d, max_in_flight_records: 1 }
                """.formatted(tmp.resolve("state"), pg.host(), pg.port(), db, scenario, scenario,
                sourceConfigExtra.stripTrailing(), kafka.bootstrapServers(), scenario, BATCH_SIZE));
        return file;
    }

    private static Delivered delivered(ConsumerRecord<byte[], byte[]> r) {
        JsonNode value = json(r.value());
        assertThat(value).as("offset %d: a change, not a tombstone", r.offset()).isNotNull();
        JsonNode lsn = value.path("source").path("lsn");
        assertThat(lsn.isNumber()).as("offset %d: source.lsn of %s", r.offset(), value.path("source")).isTrue();
        return new Delivered(change(value), lsn.asLong());
    }

    private static Change change(JsonNode value) {
        String op = value.get("op").asText();
        JsonNode row = "d".equals(op) ? value.get("before") : value.get("after");
        return new Change(op, row.get("id").asInt(), row.get("v").asInt());
    }

    /** The records present more than once, with their number of copies. */
    private static Map<Delivered, Integer> repeated(List<Delivered> records) {
        Map<Delivered, Integer> copies = new HashMap<>();
        records.forEach(r -> copies.merge(r, 1, Integer::sum));
        copies.values().removeIf(n -> n == 1);
        return copies;
    }

    /** Each record once, in topic order (its first copy). */
    private static List<Delivered> distinct(List<Delivered> records) {
        return List.copyOf(new LinkedHashSet<>(records));
    }

    private static List<Change> changes(List<Delivered> records) {
        return records.stream().map(Delivered::change).toList();
    }


    /** Writes {@link #WORKLOAD} to {@code db}. */
    private void insertUpdateAndRepeat(String db) {
        try (Connection c = pg.connect(db)) {
            WORKLOAD.write(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The change in the topic's last record. */
    private static Change lastChange(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, end - 1);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == end - 1) return change(json(r.value()));
                }
            }
            throw new AssertionError("could not read offset " + (end - 1) + " of " + topic);
        }
    }

    /** The end offset of the topic's partition (0 while the topic does not exist yet). */
    private static long endOffset(String topic) throws Exception {
        if (KafkaRecords.topics(kafka.bootstrapServers(), topic::equals).isEmpty()) return 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(Set.of(partition)).get(partition);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "allow.auto.create.topics", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Waits until the topic's end offset satisfies {@code done}, failing if the CLI exits or it takes too long. */
    private static void awaitTopic(String topic, CliProcess cli, Predicate<Long> done, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long end;
        while ((end = endOffset(topic)) == 0 || !done.test(end)) {
            assertThat(cli.isAlive()).as("cdc-toolkit run exited while waiting for %s%s", what, cli.logTail()).isTrue();
            assertThat(System.nanoTime() < deadline).as("waited %s for %s (%d records so far)%s", TIMEOUT, what, end,
                    cli.logTail()).isTrue();
            Thread.sleep(100);
        }
    }
}
