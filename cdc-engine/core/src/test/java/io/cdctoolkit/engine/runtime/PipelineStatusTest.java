package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cdctoolkit.engine.runtime.PipelineTest.pipeline;
import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.USERS;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static io.cdctoolkit.engine.testing.TestEvents.lsn;
import static org.assertj.core.api.Assertions.assertThat;

/** State, committed position, lag and latest error as /status and the lag meters report them. */
class PipelineStatusTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name) {
        return registry.get(name).tag("pipeline", "orders").gauge().value();
    }

    @Test
    void commitLagCountsWhatWasReadAndNotCommittedUntilTheSinkAcknowledges() throws Exception {
        RecordingSink sink = RecordingSink.holding();
        Pipeline p = pipeline(ListReader.unbounded(inserts(3), 10), sink).name("orders").meterRegistry(registry).build();
        assertThat(p.status().state()).isEqualTo(PipelineState.CREATED);
        try (RunningPipeline running = new RunningPipeline(p)) {
            sink.awaitWrites(3);
            PipelineStatus held = p.status();
            assertThat(held.state()).isEqualTo(PipelineState.RUNNING);
            assertThat(held.threadAlive()).isTrue();
            assertThat(held.lastCommitted()).isNull();
            assertThat(held.lag().commitLagEvents()).isEqualTo(3);
            assertThat(gauge("cdc.commit.lag.events")).isEqualTo(3);
            assertThat(gauge("cdc.inflight.records")).isEqualTo(3);
            // The oldest uncommitted event was read before the writes were seen: its age is above zero.
            assertThat(gauge("cdc.commit.lag")).isPositive();

            sink.completeAll();
            Await.until("position 3 committed", () -> p.status().lastCommitted() != null
                    && lsn(p.status().lastCommitted()) == 3);
            Await.until("no commit lag", () -> p.status().lag().commitLagEvents() == 0);
            assertThat(gauge("cdc.commit.lag")).isZero();
            assertThat(gauge("cdc.inflight.records")).isZero();

            p.stop();
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.STOPPED);
        }
        assertThat(p.status().state()).isEqualTo(PipelineState.STOPPED);
        assertThat(p.status().threadAlive()).isFalse();
    }

    @Test
    void sourceLagIsReadTimeMinusTheChangeTimeOfTheLastEventRead() {
        List<ChangeEvent> events = inserts(3);
        Instant lastChange = events.get(2).sourceTimestamp();
        Instant before = Instant.now();
        pipeline(ListReader.bounded(events, 10), RecordingSink.acking()).name("orders").meterRegistry(registry)
                .build().run();
        Instant after = Instant.now();

        double lagSeconds = gauge("cdc.source.lag");
        assertThat(lagSeconds).isBetween(Duration.between(lastChange, before).toMillis() / 1000.0,
                Duration.between(lastChange, after).toMillis() / 1000.0);
    }

    @Test
    void eventsAreCountedPerTableAndOneEncodeAndAcknowledgementInSixtyFourIsTimed() {
        pipeline(ListReader.bounded(inserts(140), 10), RecordingSink.acking()).name("orders").meterRegistry(registry)
                .transform(TestStages.dropping("filter", e -> id(e) == 2))
                .build().run();

        assertThat(registry.get("cdc.events.in").tags("pipeline", "orders", "table", USERS.toString())
                .functionCounter().count()).isEqualTo(140);
        assertThat(registry.get("cdc.records.out").tags("pipeline", "orders", "topic", TOPIC).counter().count())
                .isEqualTo(139);
        // 139 records: the 1st, 65th and 129th are timed.
        assertThat(registry.get("cdc.encode.latency").tag("pipeline", "orders").timer().count()).isEqualTo(3);
        assertThat(registry.get("cdc.sink.latency").tags("pipeline", "orders", "topic", TOPIC).timer().count())
                .isEqualTo(3);
    }

    @Test
    void theLatestErrorNamesTableStagePositionAndPolicy() {
        Pipeline p = pipeline(ListReader.bounded(inserts(3), 10), RecordingSink.acking()).name("orders")
                .settings(PipelineTest.FAST.withOnError(ErrorPolicy.SKIP))
                .transform(TestStages.rejecting("cast", e -> id(e) == 2, "age"))
                .build();
        assertThat(p.status().lastError()).isNull();
        PipelineResult result = p.run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        PipelineStatus status = p.status();
        assertThat(status.state()).isEqualTo(PipelineState.COMPLETED);
        assertThat(status.lastError()).isNotNull();
        assertThat(status.lastError().reason()).contains(USERS.toString()).contains("cast").contains("on_error: skip");
        assertThat(lsn(status.lastCommitted())).isEqualTo(3);
    }

    @Test
    void aFailedPipelineSaysWhy() {
        Pipeline p = pipeline(ListReader.bounded(inserts(2), 10), RecordingSink.acking()).name("orders")
                .transform(TestStages.throwing("broken", e -> id(e) == 1)).build();
        p.run();

        assertThat(p.status().state()).isEqualTo(PipelineState.FAILED);
        assertThat(p.status().lastError().reason()).contains("broken");
    }
}
