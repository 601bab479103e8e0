package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.ToDoubleFunction;

/**
 * What the native reader reports as gauges, tagged {@code source}, under the names the Debezium engine's
 * gauges have ({@code DebeziumMBeanGauges}), so readiness ({@code /ready} waits while
 * {@code cdc.source.snapshot.running} is 1) and dashboards work the same for both engines; plus the
 * snapshot's rows read and the server's row estimate, which give {@code run}'s status line its progress
 * and ETA. Written by the pipeline thread, read when scraped.
 */
public final class NativeSourceStatus {

    private volatile boolean streaming;
    private volatile boolean snapshotRunning;
    private volatile int snapshotTables;
    private volatile int snapshotTablesStarted;
    private volatile long snapshotRows;
    private volatile double snapshotRowsEstimated = Double.NaN;

    /** Registers the gauges of source {@code source} in {@code registry}. */
    public void register(MeterRegistry registry, String source) {
        Tags tags = Tags.of("source", source);
        gauge(registry, "cdc.source.connected", "1 while the connector is connected to the database and streaming",
                tags, s -> s.streaming ? 1 : 0);
        gauge(registry, "cdc.source.snapshot.running", "1 while the initial (or an ad hoc) snapshot runs",
                tags, s -> s.snapshotRunning ? 1 : 0);
        gauge(registry, "cdc.source.snapshot.tables.total", "Tables the snapshot reads", tags, s -> s.snapshotTables);
        gauge(registry, "cdc.source.snapshot.tables.remaining", "Tables the running snapshot has still to read",
                tags, s -> s.snapshotRunning ? s.snapshotTables - Math.max(0, s.snapshotTablesStarted - 1) : 0);
        gauge(registry, "cdc.source.snapshot.rows", "Rows the snapshot has read so far", tags, s -> s.snapshotRows);
        gauge(registry, "cdc.source.snapshot.rows.estimated",
                "The server's estimate of the snapshot's rows (pg_class.reltuples; NaN when a table was never analyzed)",
                tags, s -> s.snapshotRowsEstimated);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags,
                       ToDoubleFunction<NativeSourceStatus> value) {
        Gauge.builder(name, this, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    void snapshotStarted(int tables, double rowsEstimated) {
        snapshotTables = tables;
        snapshotRowsEstimated = rowsEstimated;
        snapshotRows = 0;
        snapshotRunning = true;
    }

    void snapshotRead(long rows, int tablesStarted) {
        snapshotRows = rows;
        snapshotTablesStarted = tablesStarted;
    }

    void snapshotFinished() {
        snapshotTablesStarted = snapshotTables;
        snapshotRunning = false;
    }

    void streaming(boolean on) {
        streaming = on;
    }
}
