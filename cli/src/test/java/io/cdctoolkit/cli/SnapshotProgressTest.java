package io.cdctoolkit.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status line's snapshot part, from the source's snapshot gauges. */
class SnapshotProgressTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, Double> values = new HashMap<>();

    private void gauge(String name, double value) {
        values.put(name, value);
        if (registry.find(name).tag("source", "pg").gauge() == null) {
            Gauge.builder(name, values, v -> v.getOrDefault(name, Double.NaN)).tag("source", "pg").register(registry);
        }
    }

    @Test
    void tablesRowsOfTheEstimateAndAnEtaFromTheRateBetweenUpdates() {
        gauge("cdc.source.snapshot.running", 1);
        gauge("cdc.source.snapshot.tables.total", 5);
        gauge("cdc.source.snapshot.tables.remaining", 4);
        gauge("cdc.source.snapshot.rows", 100_000);
        gauge("cdc.source.snapshot.rows.estimated", 1_000_000);
        SnapshotProgress progress = new SnapshotProgress(registry, "pg");
        long t0 = 1_000_000_000L;
        assertThat(progress.describe(t0)).isEqualTo("snapshot 1/5 tables, 100,000 of ~1,000,000 rows");
        gauge("cdc.source.snapshot.rows", 200_000); // 100,000 rows in 2 s: 800,000 left take 16 s
        assertThat(progress.describe(t0 + 2_000_000_000L)).isEqualTo("snapshot 1/5 tables, 200,000 of ~1,000,000 rows, ETA 0:16");
    }

    @Test
    void withoutAnEstimateOnlyTheRowsAndNothingWhenNoSnapshotRuns() {
        gauge("cdc.source.snapshot.running", 1);
        gauge("cdc.source.snapshot.tables.total", 2);
        gauge("cdc.source.snapshot.tables.remaining", 2);
        gauge("cdc.source.snapshot.rows", 10);
        gauge("cdc.source.snapshot.rows.estimated", Double.NaN); // a table never analyzed
        SnapshotProgress progress = new SnapshotProgress(registry, "pg");
        assertThat(progress.describe(0)).isEqualTo("snapshot 0/2 tables, 10 rows");
        gauge("cdc.source.snapshot.running", 0);
        assertThat(progress.describe(1)).isEmpty();
        assertThat(new SnapshotProgress(registry, "other-source").describe(1)).isEmpty();
    }

    @Test
    void theDebeziumEnginesGaugesGiveTablesOnly() {
        gauge("cdc.source.snapshot.running", 1);
        gauge("cdc.source.snapshot.tables.total", 3);
        gauge("cdc.source.snapshot.tables.remaining", 1);
        assertThat(new SnapshotProgress(registry, "pg").describe(0)).isEqualTo("snapshot 2/3 tables");
    }
}
