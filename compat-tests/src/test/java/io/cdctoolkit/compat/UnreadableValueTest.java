package io.cdctoolkit.compat;

import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
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
 * A PostgreSQL {@code timestamptz 'infinity'} (no instant holds it) under {@code on_error:
 * dead_letter}: the row goes to the dead-letter topic naming the column, with the record as
 * PostgreSQL sent it, and the rows after it arrive — in the snapshot and in the stream.
 */
class UnreadableValueTest {

    private static final String DB = "e2e_unreadable";

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void anInfiniteTimestampIsDeadLetteredNamingTheColumnAndTheRowsAfterItArrive() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE subscriptions (id int PRIMARY KEY, ends_at timestamptz, plan text NOT NULL)",
                "INSERT INTO subscriptions VALUES (1, '2030-01-01 00:00+00', 'basic'), (2, 'infinity', 'lifetime'),"
                        + " (3, '2031-01-01 00:00+00', 'pro')");

        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(pg)).build();
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("2 snapshot rows and 1 dead letter", () -> running.isDone()
                    || pipeline.counts().deadLettered() >= 1 && pipeline.counts().recordsOut() >= 3, pipeline::counts);
            pg.execute(DB, "INSERT INTO subscriptions VALUES (4, '-infinity', 'legacy')",
                    "INSERT INTO subscriptions VALUES (5, '2032-01-01 00:00+00', 'team')");
            Await.until("the streamed row after the second dead letter", () -> running.isDone()
                    || pipeline.counts().deadLettered() >= 2 && pipeline.counts().recordsOut() >= 5, pipeline::counts);
            result = running.stop();
        }

        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
        assertThat(result.counts().deadLettered()).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> rows = KafkaRecords.readAll(kafka.bootstrapServers(),
                (DB + ".public.subscriptions")::equals);
        assertThat(rows).extracting(r -> json(r.value()).path("after").path("id").asInt()).containsExactly(1, 3, 5);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.readAll(kafka.bootstrapServers(), ("dlq." + DB)::equals);
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> text(r.key())).containsExactly("{\"id\":2}", "{\"id\":4}");
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "cdc.error.stage")).isEqualTo("source");
            assertThat(header(r, "cdc.error.field")).isEqualTo("ends_at");
            assertThat(header(r, "cdc.error.table")).isEqualTo(DB + ".public.subscriptions");
            assertThat(header(r, "cdc.error.position")).contains("lsn");
            assertThat(header(r, "cdc.error.message")).contains("not an instant");
        });
        // The value is Debezium's record as PostgreSQL sent it: nothing lost.
        assertThat(json(dead.get(0).value()).path("after").path("ends_at").asText()).isEqualTo("infinity");
        assertThat(json(dead.get(0).value()).path("after").path("plan").asText()).isEqualTo("lifetime");
        assertThat(json(dead.get(0).value()).path("op").asText()).isEqualTo("r");
        assertThat(json(dead.get(1).value()).path("after").path("ends_at").asText()).isEqualTo("-infinity");
        assertThat(json(dead.get(1).value()).path("op").asText()).isEqualTo("c");
    }

    private String yaml(PostgresServer pg) {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  pg_unreadable:
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
                      linger_ms: 1
                pipelines:
                  unreadable:
                    source: pg_unreadable
                    sink: kafka
                    settings: { on_error: dead_letter, dead_letter_topic: dlq.%s }
                """.formatted(stateDir, pg.host(), pg.port(), DB, PostgresServer.SUPERUSER,
                kafka.bootstrapServers(), DB);
    }
}
