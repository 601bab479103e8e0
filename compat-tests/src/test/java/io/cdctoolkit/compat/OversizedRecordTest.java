package io.cdctoolkit.compat;

import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL row too large for the producer's {@code max.request.size} (the broker never sees it):
 * {@code on_error} decides. Rows 1, 2, 4 and 5 are small, row 3 is 20,000 characters.
 */
class OversizedRecordTest {

    private static final int MAX_REQUEST_SIZE = 4096;
    private static final String BIG = "x".repeat(20_000);

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void deadLetterWritesTheRecordWithItsReasonToTheDeadLetterTopicAndTheOthersGoThrough() throws Exception {
        String db = "e2e_big_dlq";
        PipelineResult result = runFiveRows(db, "dead_letter");

        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().deadLettered()).isEqualTo(1);
        assertThat(ids(db + ".public.docs")).containsExactly(1, 2, 4, 5);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.readAll(kafka.bootstrapServers(),
                ("dlq." + db)::equals);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(text(r.key())).isEqualTo("{\"id\":3}");
            assertThat(header(r, "cdc.error.stage")).isEqualTo("kafka-sink");
            assertThat(header(r, "cdc.error.message")).contains("RecordTooLargeException")
                    .contains("max.request.size");
            assertThat(header(r, "cdc.error.topic")).isEqualTo(db + ".public.docs");
            assertThat(header(r, "cdc.error.table")).isEqualTo(db + ".public.docs");
            assertThat(header(r, "cdc.op")).isEqualTo("c");
            // The dead-letter copy of a value too large for the producer is too large as well: it goes without it.
            assertThat(r.value()).isNull();
            assertThat(header(r, "cdc.error.value_omitted")).contains("RecordTooLargeException");
        });
    }

    @Test
    void skipLeavesTheRecordOutCountsItAndTheOthersGoThrough() throws Exception {
        String db = "e2e_big_skip";
        PipelineResult result = runFiveRows(db, "skip");

        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().skipped()).isEqualTo(1);
        assertThat(ids(db + ".public.docs")).containsExactly(1, 2, 4, 5);
    }

    @Test
    void stopFailsThePipelineWithTheCommittedPositionBeforeTheRecordSoARestartReadsItAgain() throws Exception {
        String db = "e2e_big_stop";
        PipelineResult result = runFiveRows(db, "stop");

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOfSatisfying(InvalidDataException.class, e -> {
            assertThat(e.stage()).isEqualTo("kafka-sink");
            assertThat(e.reason()).contains("max.request.size");
        });
        List<ConsumerRecord<byte[], byte[]>> written = KafkaRecords.readAll(kafka.bootstrapServers(),
                (db + ".public.docs")::equals);
        assertThat(written).extracting(r -> json(r.value()).path("after").path("id").asInt()).containsExactly(1, 2);
        // Committed: row 2's position, the last one before the rejected row.
        assertThat(result.lastCommitted()).isNotNull();
        assertThat(result.lastCommitted().describe()).isEqualTo(header(written.get(1), "cdc.source"));

        // The same source resumes from there: row 3 is read again (skipped now), then rows 4 and 5.
        Pipeline.Builder again = ConfiguredPipeline.assemble(yaml(db, "skip")).maxEvents(3);
        PipelineResult resumed;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(again.build())) {
            resumed = running.awaitResult();
        }
        assertThat(resumed.failure()).isNull();
        assertThat(resumed.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(resumed.counts().skipped()).isEqualTo(1);
        assertThat(ids(db + ".public.docs")).containsExactly(1, 2, 4, 5);
    }

    @Test
    void skipLeavesOutOnlyTheRowOverTheTopicsLimitAndDeliversThe200AroundItInOrder() throws Exception {
        String db = "e2e_big_among_200";
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE docs (id int PRIMARY KEY, body text NOT NULL)",
                "INSERT INTO docs VALUES (1, 'small')");
        // The broker's limit this time (the topic's max.message.bytes), not the producer's: the rows share
        // producer batches, and the broker refuses a batch as a whole.
        String sink = "compression: none\n      linger_ms: 20\n      batch_size: 4096\n      topic_creation: {"
                + " enabled: true, configs: { max.message.bytes: 8000 } }";
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(db, "skip", sink)).maxEvents(201).build();
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot row in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 1,
                    pipeline::counts);
            // One transaction: rows 2..201 arrive together, row 101 the large one.
            pg.execute(db, "INSERT INTO docs SELECT i, CASE WHEN i = 101 THEN repeat('x', 20000) ELSE 'small' END"
                    + " FROM generate_series(2, 201) AS i");
            result = running.awaitResult();
        }

        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().skipped()).isEqualTo(1);
        List<Integer> expected = new java.util.ArrayList<>(java.util.stream.IntStream.rangeClosed(1, 201).boxed().toList());
        expected.remove(Integer.valueOf(101));
        assertThat(ids(db + ".public.docs")).hasSize(200).containsExactlyElementsOf(expected);
    }

    /** Row 1 in the snapshot, rows 2–5 streamed (3 the large one), under {@code onError}; stops after 5 events. */
    private PipelineResult runFiveRows(String db, String onError) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE docs (id int PRIMARY KEY, body text NOT NULL)",
                "INSERT INTO docs VALUES (1, 'small')");
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(db, onError)).maxEvents(5).build();
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot row in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 1,
                    pipeline::counts);
            pg.execute(db, "INSERT INTO docs VALUES (2, 'small')", "INSERT INTO docs VALUES (3, '" + BIG + "')",
                    "INSERT INTO docs VALUES (4, 'small')", "INSERT INTO docs VALUES (5, 'small')");
            return running.awaitResult();
        }
    }

    /** The {@code after.id} of each record of {@code topic}, in order. */
    private static List<Integer> ids(String topic) throws Exception {
        return KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals).stream()
                .map(r -> json(r.value()).path("after").path("id").asInt()).toList();
    }

    private String yaml(String db, String onError) {
        return yaml(db, onError, "linger_ms: 1\n      producer: { max.request.size: " + MAX_REQUEST_SIZE + " }");
    }

    /** {@code sink}: the Kafka sink's options besides bootstrap_servers, indented for the config block. */
    private String yaml(String db, String onError, String sink) {
        PostgresServer pg = PostgresServer.shared();
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  %s:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      %s
                pipelines:
                  big:
                    source: %s
                    sink: kafka
                    settings: { on_error: %s, dead_letter_topic: dlq.%s }
                """.formatted(stateDir, db, pg.host(), pg.port(), db, PostgresServer.SUPERUSER,
                kafka.bootstrapServers(), sink, db, onError, db);
    }
}
