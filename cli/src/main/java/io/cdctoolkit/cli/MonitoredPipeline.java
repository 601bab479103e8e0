package io.cdctoolkit.cli;

import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineState;
import io.cdctoolkit.engine.runtime.PipelineStatus;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * A running pipeline as the {@code http} endpoint judges it: alive (for {@code /health}) and ready (for
 * {@code /ready}), with the reason when it is not.
 *
 * <p>Ready means: the pipeline runs (its source started), its source says it is connected and streaming
 * (Debezium's {@code cdc.source.connected} meter; sources without one, like datagen, count as
 * connected), the database says so where it can ({@code cdc.source.server_streaming}: PostgreSQL's
 * walsender for the slot is in state {@code streaming}; unknown counts as yes, so a failing monitor
 * query does not hold a pipeline unready for ever — its gauges show NaN) and no snapshot runs, and its oldest uncommitted event is younger than
 * {@code ready_max_commit_lag_ms} — a sink that stopped acknowledging (a broker down) makes it grow.
 *
 * @param pipeline the pipeline
 * @param source   the name of its source in the config (the {@code source} tag of the source's meters)
 * @param sink     the name of its sink in the config
 */
record MonitoredPipeline(Pipeline pipeline, String source, String sink) {

    /** A verdict with its reason (null when fine). */
    record Verdict(boolean ok, String reason) {
        static final Verdict OK = new Verdict(true, null);

        static Verdict no(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Liveness: a pipeline that has not failed and, while it runs, whose thread is alive. */
    Verdict health(PipelineStatus status) {
        if (status.state() == PipelineState.FAILED) return Verdict.no("failed");
        boolean running = status.state() == PipelineState.STARTING || status.state() == PipelineState.RUNNING
                || status.state() == PipelineState.STOPPING;
        if (running && !status.threadAlive()) return Verdict.no("its thread is not alive");
        return Verdict.OK;
    }

    /** Readiness, as described above. */
    Verdict readiness(PipelineStatus status, MeterRegistry registry, Duration maxCommitLag) {
        if (status.state() != PipelineState.RUNNING) {
            return Verdict.no(status.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (sourceGauge(registry, "cdc.source.snapshot.running") == 1) return Verdict.no("snapshot running");
        if (sourceGauge(registry, "cdc.source.connected") == 0) {
            return Verdict.no("source '" + source + "' is not connected and streaming");
        }
        if (sourceGauge(registry, "cdc.source.server_streaming") == 0) {
            return Verdict.no("the database does not stream to source '" + source + "' yet (catching up or connecting)");
        }
        Duration lag = status.lag().commitLag();
        if (lag.compareTo(maxCommitLag) > 0) {
            return Verdict.no("the oldest uncommitted event was read " + lag.toSeconds() + " s ago (more than "
                    + maxCommitLag.toMillis() + " ms): is sink '" + sink + "' acknowledging?");
        }
        return Verdict.OK;
    }

    private double sourceGauge(MeterRegistry registry, String name) {
        return SourceGauges.value(registry, source, name);
    }
}
