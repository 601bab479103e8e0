package io.cdctoolkit.cli;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Optional;

/**
 * The snapshot part of {@code run}'s status line, read from the source's gauges
 * ({@code cdc.source.snapshot.*}, tagged {@code source}): tables read of the total and, where the source
 * reports them (the native PostgreSQL engine), rows read of the server's estimate and an ETA from the rate
 * since the previous update. Empty when no snapshot runs or the source reports none. One per pipeline;
 * called from its status listener only.
 */
final class SnapshotProgress {

    private final MeterRegistry registry;
    private final String source;
    private double lastRows = Double.NaN;
    private long lastNanos;

    SnapshotProgress(MeterRegistry registry, String source) {
        this.registry = registry;
        this.source = source;
    }

    /** E.g. {@code snapshot 2/5 tables, 120,000 of ~1,000,000 rows, ETA 0:42}; "" when no snapshot runs. */
    String describe(long nowNanos) {
        if (gauge("cdc.source.snapshot.running") != 1) return "";
        StringBuilder text = new StringBuilder("snapshot");
        double total = gauge("cdc.source.snapshot.tables.total");
        double remaining = gauge("cdc.source.snapshot.tables.remaining");
        if (!Double.isNaN(total) && !Double.isNaN(remaining)) {
            text.append(String.format(" %,d/%,d tables", (long) (total - remaining), (long) total));
        }
        double rows = gauge("cdc.source.snapshot.rows");
        if (!Double.isNaN(rows)) {
            double estimated = gauge("cdc.source.snapshot.rows.estimated");
            text.append(String.format(", %,d", (long) rows));
            if (!Double.isNaN(estimated) && estimated >= rows) {
                text.append(String.format(" of ~%,d rows", (long) estimated));
                eta(rows, estimated, nowNanos).ifPresent(d -> text.append(", ETA ").append(clock(d)));
            } else {
                text.append(" rows");
            }
            lastRows = rows;
            lastNanos = nowNanos;
        }
        return text.toString();
    }

    private Optional<Duration> eta(double rows, double estimated, long nowNanos) {
        if (Double.isNaN(lastRows) || rows <= lastRows || nowNanos <= lastNanos) return Optional.empty();
        double perNano = (rows - lastRows) / (nowNanos - lastNanos);
        return Optional.of(Duration.ofNanos((long) ((estimated - rows) / perNano)));
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    private double gauge(String name) {
        return SourceGauges.value(registry, source, name);
    }
}
