package io.cdctoolkit.compat;

import io.cdctoolkit.compat.ApicurioReader.Format;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.runtime.RetryPolicy;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.cdctoolkit.testing.PostgresServer;
import io.cdctoolkit.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema registry becomes unreachable mid-stream (a {@link TcpProxy} in front of Apicurio is taken
 * down): changes whose schemas are already registered keep flowing from the caches; the first change
 * that needs a new registration ({@code ALTER TABLE … ADD COLUMN}) makes the pipeline wait — the
 * encoder's {@code RetryableException}, retried by the runtime, counted in {@code cdc.encoder.retries}
 * — with nothing dead-lettered and no failure; once the registry is back every change arrives, in
 * order per key (at least once), and decodes with Apicurio's deserializer. Stopped while it waits, the
 * pipeline commits nothing past the waiting change, and a restart delivers it. A registry that limits the request
 * rate (HTTP 429) is waited for the same way.
 */
class RegistryOutageTest {

    private static final String DB = "e2e_registry_outage";
    private static final String TOPIC = DB + ".public.items";
    private static final String RESTART_DB = "e2e_registry_outage_restart";
    private static final String RESTART_TOPIC = RESTART_DB + ".public.items";
    private static final String RATE_LIMIT_DB = "e2e_registry_rate_limit";
    private static final String RATE_LIMIT_TOPIC = RATE_LIMIT_DB + ".public.items";

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @Test
    void thePipelineWaitsForTheRegistryAndLosesNothing() throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = itemsDatabase(DB);

        MeterRegistry meters = new SimpleMeterRegistry();
        PipelineResult result;
        long recordsWhileDown;
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", apicurio.httpPort())) {
            String viaProxy = "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7";
            Pipeline pipeline = pipeline(pg, DB, viaProxy, meters);
            try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
                awaitRecordsOut(running, 2);
                pg.execute(DB, "INSERT INTO items VALUES (3, 'plum', 30)");
                awaitRecordsOut(running, 3);

                proxy.down();
                // Schemas registered already: encoded from the caches, without the registry.
                pg.execute(DB, "INSERT INTO items VALUES (4, 'fig', 40)", "UPDATE items SET qty = 11 WHERE id = 1");
                awaitRecordsOut(running, 5);
                // Not one request was tried for them: a request would have failed and been retried.
                assertThat(encoderRetries(meters)).as("encoder retries for changes of registered schemas").isZero();

                // A new table version needs a registration: the pipeline waits, the changes after it too.
                pg.execute(DB, "ALTER TABLE items ADD COLUMN color text",
                        "INSERT INTO items VALUES (5, 'kiwi', 50, 'purple')",
                        "UPDATE items SET color = 'red' WHERE id = 3",
                        "DELETE FROM items WHERE id = 2",
                        "INSERT INTO items VALUES (6, 'lime', 60, 'green')");
                Await.until("the encoder to retry while the registry is down",
                        () -> running.isDone() || encoderRetries(meters) >= 3, pipeline::counts);
                assertThat(running.isDone()).as("the pipeline ended while the registry was down").isFalse();
                recordsWhileDown = pipeline.counts().recordsOut();
                assertThat(pipeline.counts().deadLettered()).isZero();

                proxy.up();
                // kiwi, plum's update, pear's delete and tombstone, lime.
                awaitRecordsOut(running, 5 + 5);
                result = running.stop();
            }
        }

        assertThat(recordsWhileDown).as("records written while the registry was down").isEqualTo(5);
        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
        assertThat(result.counts().deadLettered()).isZero();
        assertThat(KafkaRecords.topics(kafka.bootstrapServers(), ("dlq." + DB)::equals)).isEmpty();
        try (RegistryClient registry = new ConfluentRestRegistryClient(RestRegistrySettings.of(apicurio.ccompatUrl()))) {
            assertThat(registry.versions(TOPIC + "-value")).containsExactly(1, 2);
        }

        Map<Integer, List<String>> expected = new LinkedHashMap<>();
        expected.put(1, List.of("r qty=10", "u qty=11"));
        expected.put(2, List.of("r qty=20", "d", "tombstone"));
        expected.put(3, List.of("c qty=30", "u qty=30 color=red"));
        expected.put(4, List.of("c qty=40"));
        expected.put(5, List.of("c qty=50 color=purple"));
        expected.put(6, List.of("c qty=60 color=green"));
        try (ApicurioReader reader = new ApicurioReader(Format.AVRO, apicurio.nativeV3Url())) {
            Map<Integer, List<String>> changes = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), TOPIC::equals), "qty", "color");
            // At least once: a change may repeat, but none is missing and each key's first sightings are in order.
            assertThat(changes.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((id, ops) ->
                    assertThat(changes.get(id).stream().distinct().toList()).as("key %d", id).isEqualTo(ops));
        }
    }

    @Test
    void stoppedWhileWaitingForTheRegistryThenRestartedLosesNothing() throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = itemsDatabase(RESTART_DB);

        PipelineResult stopped;
        PipelineResult restarted;
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", apicurio.httpPort())) {
            String viaProxy = "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7";
            MeterRegistry meters = new SimpleMeterRegistry();
            Pipeline first = pipeline(pg, RESTART_DB, viaProxy, meters);
            try (ConfiguredPipeline running = ConfiguredPipeline.start(first)) {
                awaitRecordsOut(running, 2);
                pg.execute(RESTART_DB, "INSERT INTO items VALUES (3, 'plum', 30)");
                awaitRecordsOut(running, 3);
                proxy.down();
                pg.execute(RESTART_DB, "ALTER TABLE items ADD COLUMN color text",
                        "INSERT INTO items VALUES (4, 'fig', 40, 'purple')",
                        "UPDATE items SET qty = 11 WHERE id = 1");
                Await.until("the encoder to retry while the registry is down",
                        () -> running.isDone() || encoderRetries(meters) >= 2, first::counts);
                // Stopped while waiting: the waiting event is not written, so its position is not committed.
                stopped = running.stop();
            }
            proxy.up();
            Pipeline second = pipeline(pg, RESTART_DB, viaProxy, new SimpleMeterRegistry());
            try (ConfiguredPipeline running = ConfiguredPipeline.start(second)) {
                awaitRecordsOut(running, 2);
                restarted = running.stop();
            }
        }

        assertThat(stopped.failure()).isNull();
        assertThat(stopped.counts().recordsOut()).isEqualTo(3);
        assertThat(restarted.failure()).isNull();
        assertThat(restarted.counts().deadLettered()).isZero();
        Map<Integer, List<String>> expected = new LinkedHashMap<>();
        expected.put(1, List.of("r qty=10", "u qty=11"));
        expected.put(2, List.of("r qty=20"));
        expected.put(3, List.of("c qty=30"));
        expected.put(4, List.of("c qty=40 color=purple"));
        try (ApicurioReader reader = new ApicurioReader(Format.AVRO, apicurio.nativeV3Url())) {
            Map<Integer, List<String>> changes = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), RESTART_TOPIC::equals), "qty", "color");
            assertThat(changes.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((id, ops) ->
                    assertThat(changes.get(id).stream().distinct().toList()).as("key %d", id).isEqualTo(ops));
        }
    }

    /**
     * A registry that limits the request rate (HTTP 429, as Confluent Cloud's does; here a proxy in front of Apicurio)
     * while the snapshot needs its first registrations: under {@code on_error: skip} — where a refused record would be
     * left out — the pipeline waits, as for an outage, and every row arrives once the limit is lifted. Before, a 429
     * was a refusal: the encoder made the rows invalid data, and {@code skip} dropped them.
     */
    @Test
    void aRegistryLimitingTheRequestRateIsWaitedForAndNoChangeIsSkipped() throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = itemsDatabase(RATE_LIMIT_DB);

        MeterRegistry meters = new SimpleMeterRegistry();
        AtomicBoolean limiting = new AtomicBoolean(true);
        PipelineResult result;
        int limited;
        try (RegistryProxy proxy = new RegistryProxy("http://127.0.0.1:" + apicurio.httpPort(),
                RegistryProxy.rateLimitedWhile(limiting::get))) {
            Pipeline pipeline = pipeline(pg, RATE_LIMIT_DB, proxy.baseUrl() + "/apis/ccompat/v7", meters, "skip");
            try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
                Await.until("the encoder to retry while the registry limits the rate",
                        () -> running.isDone() || encoderRetries(meters) >= 3, pipeline::counts);
                assertThat(running.isDone()).as("the pipeline ended while rate-limited").isFalse();
                assertThat(pipeline.counts().recordsOut()).as("records written while rate-limited").isZero();
                assertThat(pipeline.counts().skipped()).as("records skipped while rate-limited").isZero();

                limiting.set(false);
                pg.execute(RATE_LIMIT_DB, "INSERT INTO items VALUES (3, 'plum', 30)");
                awaitRecordsOut(running, 3);
                result = running.stop();
            }
            limited = proxy.refused();
        }

        assertThat(limited).as("requests answered 429").isGreaterThanOrEqualTo(3);
        assertThat(result.failure()).isNull();
        assertThat(result.counts().skipped()).isZero();
        assertThat(result.counts().deadLettered()).isZero();
        try (ApicurioReader reader = new ApicurioReader(Format.AVRO, apicurio.nativeV3Url())) {
            Map<Integer, List<String>> changes = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), RATE_LIMIT_TOPIC::equals), "qty");
            assertThat(changes).containsOnlyKeys(1, 2, 3);
            assertThat(changes.get(1).stream().distinct().toList()).containsExactly("r qty=10");
            assertThat(changes.get(2).stream().distinct().toList()).containsExactly("r qty=20");
            assertThat(changes.get(3).stream().distinct().toList()).containsExactly("c qty=30");
        }
    }

    /**
     * The Avro pipeline through {@code registryUrl}: {@code retries: 0} — no HTTP retries inside one
     * encoder call, so the runtime's own waiting is what is tested — and a short runtime backoff, so the
     * test is quick once the registry is back.
     */
    private Pipeline pipeline(PostgresServer pg, String database, String registryUrl, MeterRegistry meters)
            throws Exception {
        return pipeline(pg, database, registryUrl, meters, "dead_letter");
    }

    /** As above, with {@code on_error: onError}. */
    private Pipeline pipeline(PostgresServer pg, String database, String registryUrl, MeterRegistry meters,
                              String onError) throws Exception {
        return ConfiguredPipeline.assemble(RegistryPipelineConfig.yaml(stateDir, pg, database,
                        kafka.bootstrapServers(), "avro", registryUrl, 0, onError), meters)
                .retry(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), 10))
                .build();
    }

    /** The shared server with a new {@code database}: table items holding apple (1, qty 10) and pear (2, qty 20). */
    private static PostgresServer itemsDatabase(String database) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(database);
        pg.execute(database, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int)",
                "INSERT INTO items VALUES (1, 'apple', 10), (2, 'pear', 20)");
        return pg;
    }

        private static void awaitRecordsOut(ConfiguredPipeline running, long records) {
        Pipeline pipeline = running.pipeline();
        Await.until(records + " records out", () -> running.isDone() || pipeline.counts().recordsOut() >= records,
                pipeline::counts);
        assertThat(running.isDone()).as("the pipeline ended early").isFalse();
    }

    private static double encoderRetries(MeterRegistry meters) {
        return meters.find("cdc.encoder.retries").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
