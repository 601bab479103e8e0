package io.cdctoolkit.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads a source's gauges ({@code cdc.source.*}, tagged {@code source}) as readiness and the status line use them. */
final class SourceGauges {

    private SourceGauges() {
    }

    /** The value of gauge {@code name} of {@code source}; NaN when the source has none (or it is unknown now). */
    static double value(MeterRegistry registry, String source, String name) {
        Gauge gauge = registry.find(name).tag("source", source).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
