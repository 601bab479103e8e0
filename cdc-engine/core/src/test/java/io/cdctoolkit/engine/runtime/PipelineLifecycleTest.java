package io.cdctoolkit.engine.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import static io.cdctoolkit.engine.runtime.PipelineTest.FAST;
import static io.cdctoolkit.engine.runtime.PipelineTest.pipeline;
import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static io.cdctoolkit.engine.testing.TestEvents.lsn;
import static io.cdctoolkit.engine.testing.TestEvents.lsns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, fatal failures, metrics and the builder's checks. */
class PipelineLifecycleTest {

    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(4), 3);

    private static RetryableException unreachable() {
        return new RetryableException("database unreachable", new ConnectException("connection refused"));
    }

    @Test
    void retryableSourceFailuresAreRetriedThenTheRunGoesOn() {
        ListReader reader = ListReader.bounded(inserts(2), 10);
        reader.failNextPolls(3, PipelineLifecycleTest::unreachable);
        PipelineResult result = pipeline(reader, RecordingSink.acking()).retry(QUICK_RETRY).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(lsn(result.lastCommitted())).isEqualTo(2);
    }

    @Test
    void sourceStillFailingAfterTheLastRetryFailsThePipeline() {
        ListReader reader = ListReader.unbounded(inserts(2), 10);
        reader.failNextPolls(4, PipelineLifecycleTest::unreachable);
        PipelineResult result = pipeline(reader, RecordingSink.acking()).retry(QUICK_RETRY).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOf(FatalException.class)
                .hasMessageContaining("after 3 retries")
                .hasMessageContaining("database unreachable");
        assertThat(reader.closed()).isTrue();
    }

    @Test
    void stopEndsARetryBackoffAtOnce() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(1), 10);
        reader.failNextPolls(1, PipelineLifecycleTest::unreachable);
        RetryPolicy hourLong = new RetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 3);
        Pipeline p = pipeline(reader, RecordingSink.acking()).retry(hourLong).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            // The first poll failed: the pipeline is now in an hour-long backoff.
            io.cdctoolkit.engine.testing.Await.until("first poll to fail", () -> reader.polls() == 1);
            p.stop();
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.STOPPED);
        }
    }

    @Test
    void anyOtherSourceFailureIsFatal() {
        ListReader reader = ListReader.unbounded(inserts(1), 10);
        reader.failNextPolls(1, () -> new IllegalStateException("binlog purged"));
        PipelineResult result = pipeline(reader, RecordingSink.acking()).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).hasMessage("binlog purged");
    }

    @Test
    void stageBugIsFatalAndNothingFromItsEventOnIsCommitted() {
        ListReader reader = ListReader.bounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.acking();
        PipelineResult result = pipeline(reader, sink)
                .settings(FAST.withOnError(ErrorPolicy.SKIP)) // a bug is not bad data: on_error does not apply
                .transform(TestStages.throwing("buggy", e -> id(e) == 2))
                .build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOf(FatalException.class).hasMessageContaining("stage 'buggy'");
        assertThat(lsns(reader.commits())).containsExactly(1L);
        assertThat(sink.flushes()).as("what came before the failure is flushed").isPositive();
    }

    @Test
    void rateLimitedPipelineDeliversEverything() {
        ListReader reader = ListReader.bounded(inserts(3), 10);
        PipelineResult result = pipeline(reader, RecordingSink.acking()).settings(FAST.withRateLimit(1_000))
                .build().run();
        assertThat(result.counts().recordsOut()).isEqualTo(3);
    }

    @Test
    void countersAreRegisteredOnTheGivenRegistryTaggedWithThePipeline() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ListReader reader = ListReader.bounded(inserts(3), 10);
        pipeline(reader, RecordingSink.acking()).name("orders").meterRegistry(registry)
                .transform(TestStages.dropping("filter", e -> id(e) == 3))
                .build().run();

        assertThat(registry.get("cdc.events.in").tag("pipeline", "orders").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("cdc.records.out").tags("pipeline", "orders", "topic", TOPIC).counter().count())
                .isEqualTo(2);
        assertThat(registry.get("cdc.events.dropped").tags("pipeline", "orders", "stage", "filter").counter().count())
                .isEqualTo(1);
        for (String name : new String[] {"cdc.events.skipped", "cdc.events.dead_lettered", "cdc.events.failed"}) {
            assertThat(registry.get(name).tag("pipeline", "orders").counter().count()).as(name).isZero();
        }
    }

    @Test
    void buildNamesEveryMissingPart() {
        assertThatThrownBy(() -> Pipeline.builder().name("p").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source(CdcReader)")
                .hasMessageContaining("encoder(Encoder)")
                .hasMessageContaining("sink(Sink)");
        assertThatThrownBy(() -> Pipeline.builder().source(ListReader.bounded(inserts(1), 1))
                .sink(RecordingSink.acking()).build())
                .hasMessageContaining("encoder(Encoder)")
                .hasMessageNotContaining("sink(Sink)");
    }

    /**
     * The run's closing log line: the position it committed last, or — a run that read nothing new, e.g. a restart with
     * no change since — that it committed none (not "last committed no position", as if the offsets from before were
     * gone).
     */
    @Test
    void theClosingLineSaysWhetherTheRunCommittedAPosition() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger runnerLog = (Logger) LoggerFactory.getLogger(PipelineRunner.class);
        logs.start();
        runnerLog.addAppender(logs);
        try {
            pipeline(ListReader.bounded(inserts(2), 10), RecordingSink.acking()).build().run();
            pipeline(ListReader.bounded(List.of(), 10), RecordingSink.acking()).build().run();
        } finally {
            runnerLog.detachAppender(logs);
        }
        List<String> closing = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("records out")).toList();
        assertThat(closing).hasSize(2);
        assertThat(closing.get(0)).endsWith(": 2 events in, 2 records out, last committed position lsn=2");
        assertThat(closing.get(1)).endsWith(": 0 events in, 0 records out, no new position committed");
    }

    @Test
    void aPipelineRunsOnce() {
        Pipeline p = pipeline(ListReader.bounded(inserts(1), 1), RecordingSink.acking()).build();
        p.run();
        assertThatThrownBy(p::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("already ran");
    }

    @Test
    void sinkThatCannotOpenFailsTheRunAndEverythingIsClosed() {
        ListReader reader = ListReader.bounded(inserts(1), 1);
        RecordingSink sink = RecordingSink.acking();
        JsonTestEncoder encoder = new JsonTestEncoder();
        io.cdctoolkit.engine.spi.Sink broken = new io.cdctoolkit.engine.spi.Sink() {
            @Override
            public void open() throws Exception {
                throw new ConnectException("no broker at localhost:9");
            }

            @Override
            public void write(io.cdctoolkit.engine.spi.SinkRecord record, Callback callback) {
                sink.write(record, callback);
            }

            @Override
            public void flush() throws Exception {
                sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
        PipelineResult result = Pipeline.builder().source(reader).encoder(encoder).sink(broken).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).hasMessageContaining("no broker");
        assertThat(reader.commits()).isEmpty();
        assertThat(sink.closed()).isTrue();
        assertThat(encoder.closed()).isTrue();
    }
}
