package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.testing.PostgresServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * engine: native reports its snapshot as the Debezium engine's gauges do (readiness waits on
 * {@code cdc.source.snapshot.running}), with the rows read and the server's estimate that give the status
 * line its progress; {@code cdc.source.connected} once it streams.
 */
class NativeSnapshotStatusTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void snapshotProgressAndStreamingAreGauges() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snapshot_status");
        pg.execute(db, "CREATE TABLE a (id int PRIMARY KEY)", "CREATE TABLE b (id int PRIMARY KEY)",
                "INSERT INTO a SELECT generate_series(1, 300)", "INSERT INTO b SELECT generate_series(1, 200)",
                "ANALYZE a", "ANALYZE b"); // small tables: ANALYZE reads every row, so the estimate is exact
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("slot_name", "status_native");
        config.put("max_batch_size", 100);
        config.put("include_tables", List.of("public.a", "public.b"));
        MeterRegistry registry = new SimpleMeterRegistry();
        PostgresSourceFactory factory = new PostgresSourceFactory();
        try (CdcReader reader = factory.create(PgTestSupport.options(config),
                new ComponentContext("status", "status", null, state, registry))) {
            reader.start();
            assertThat(gauge(registry, "cdc.source.snapshot.running")).isEqualTo(1);
            assertThat(gauge(registry, "cdc.source.snapshot.tables.total")).isEqualTo(2);
            assertThat(gauge(registry, "cdc.source.snapshot.rows.estimated")).isEqualTo(500);
            assertThat(gauge(registry, "cdc.source.connected")).isZero();

            List<ChangeEvent> first = reader.poll(Duration.ofSeconds(5));
            assertThat(first).hasSize(100);
            reader.commit(first.get(first.size() - 1).position());
            assertThat(gauge(registry, "cdc.source.snapshot.rows")).isEqualTo(100);
            assertThat(gauge(registry, "cdc.source.snapshot.tables.remaining")).isEqualTo(2);

            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(400, TIMEOUT);
            assertThat(gauge(registry, "cdc.source.snapshot.running")).isZero();
            assertThat(gauge(registry, "cdc.source.snapshot.tables.remaining")).isZero();
            assertThat(gauge(registry, "cdc.source.snapshot.rows")).isEqualTo(500);
            assertThat(gauge(registry, "cdc.source.connected")).isEqualTo(1);
        }
        assertThat(gauge(registry, "cdc.source.connected")).isZero();
    }

    private static double gauge(MeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).tag("source", "status").gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }
}
