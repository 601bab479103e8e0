package io.cdctoolkit.cli;

import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineState;
import io.cdctoolkit.engine.runtime.PipelineStats;
import io.cdctoolkit.engine.runtime.PipelineStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When /health and /ready say yes, and the reason they give when they say no. */
class MonitoredPipelineTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(5);
    private static final PipelineCounts NO_COUNTS = new PipelineCounts(0, 0, 0, 0, 0, 0, Map.of(), Map.of(), 0, 0);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MonitoredPipeline pg = new MonitoredPipeline(null, "pg", "kafka");

    private static PipelineStatus status(PipelineState state, boolean alive, Duration commitLag) {
        return new PipelineStatus("orders", state, alive, null, NO_COUNTS,
                new PipelineStats.Lag(commitLag.isZero() ? 0 : 10, commitLag, null), null);
    }

    private AtomicInteger sourceGauge(String name) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get).tag("source", "pg").register(registry);
        return value;
    }

    @Test
    void aRunningPipelineWithoutSourceMetersAndLittleLagIsReady() {
        assertThat(pg.readiness(status(PipelineState.RUNNING, true, Duration.ofSeconds(1)), registry, MAX_LAG))
                .isEqualTo(MonitoredPipeline.Verdict.OK);
    }

    @Test
    void startingOrStoppedIsNotReady() {
        assertThat(pg.readiness(status(PipelineState.STARTING, true, Duration.ZERO), registry, MAX_LAG).reason())
                .isEqualTo("starting");
        assertThat(pg.readiness(status(PipelineState.STOPPED, false, Duration.ZERO), registry, MAX_LAG).ok()).isFalse();
    }

    @Test
    void aCommitLagOverTheLimitNamesTheSink() {
        MonitoredPipeline.Verdict verdict = pg.readiness(status(PipelineState.RUNNING, true, Duration.ofSeconds(6)),
                registry, MAX_LAG);
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.reason()).contains("6 s ago").contains("sink 'kafka'");
    }

    @Test
    void aDisconnectedOrSnapshottingSourceIsNotReady() {
        AtomicInteger connected = sourceGauge("cdc.source.connected");
        AtomicInteger snapshot = sourceGauge("cdc.source.snapshot.running");
        PipelineStatus running = status(PipelineState.RUNNING, true, Duration.ZERO);

        assertThat(pg.readiness(running, registry, MAX_LAG).reason()).contains("source 'pg' is not connected");
        connected.set(1);
        snapshot.set(1);
        assertThat(pg.readiness(running, registry, MAX_LAG).reason()).isEqualTo("snapshot running");
        snapshot.set(0);
        assertThat(pg.readiness(running, registry, MAX_LAG).ok()).isTrue();
    }

    @Test
    void aConnectedSourceIsNotReadyUntilTheDatabaseSaysItStreams() {
        sourceGauge("cdc.source.connected").set(1);
        AtomicInteger serverStreaming = sourceGauge("cdc.source.server_streaming");
        PipelineStatus running = status(PipelineState.RUNNING, true, Duration.ZERO);

        assertThat(pg.readiness(running, registry, MAX_LAG).reason())
                .isEqualTo("the database does not stream to source 'pg' yet (catching up or connecting)");
        serverStreaming.set(1);
        assertThat(pg.readiness(running, registry, MAX_LAG).ok()).isTrue();
    }

    @Test
    void healthFailsForAFailedPipelineOrADeadThread() {
        assertThat(pg.health(status(PipelineState.RUNNING, true, Duration.ZERO)).ok()).isTrue();
        assertThat(pg.health(status(PipelineState.COMPLETED, false, Duration.ZERO)).ok()).isTrue();
        assertThat(pg.health(status(PipelineState.RUNNING, false, Duration.ZERO)).reason())
                .isEqualTo("its thread is not alive");
        assertThat(pg.health(status(PipelineState.FAILED, false, Duration.ZERO)).reason()).isEqualTo("failed");
    }
}
