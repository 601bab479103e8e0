package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.delete;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static io.cdctoolkit.engine.testing.TestEvents.lsn;
import static io.cdctoolkit.engine.testing.TestEvents.lsns;
import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole pipelines over the in-memory reader and sink: delivery, acks and commits, stages. */
class PipelineTest {

    /** Short polls so streaming tests loop (and commit) often. */
    static final PipelineSettings FAST = PipelineSettings.defaults().withPollTimeout(5);

    static Pipeline.Builder pipeline(ListReader reader, RecordingSink sink) {
        return Pipeline.builder().name("test").source(reader).encoder(new JsonTestEncoder()).sink(sink).settings(FAST);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void pipelineBuiltWithTheBuilderAloneRunsEndToEnd() {
        ListReader reader = ListReader.bounded(inserts(3), 2);
        RecordingSink sink = RecordingSink.acking();
        JsonTestEncoder encoder = new JsonTestEncoder();
        TestStages.Recording stage = new TestStages.Recording("observe");

        PipelineResult result = Pipeline.builder()
                .name("users")
                .source(reader)
                .transform(stage)
                .transform(TestStages.header("mark", "x-seen", "yes"))
                .encoder(encoder)
                .sink(sink)
                .build()
                .run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.failure()).isNull();
        assertThat(result.pipeline()).isEqualTo("users");
        List<SinkRecord> records = sink.records();
        assertThat(records).extracting(SinkRecord::topic).containsOnly(TOPIC);
        assertThat(records).extracting(r -> text(r.key()))
                .containsExactly("{\"id\":1}", "{\"id\":2}", "{\"id\":3}");
        assertThat(text(records.get(0).value())).contains("\"after\":{\"id\":1,\"name\":\"user1\"");
        assertThat(asMap(records.get(0).headers())).containsEntry("x-seen", "yes");
        assertThat(records.get(0).format()).isEqualTo(PayloadFormat.JSON);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
        assertThat(lsn(result.lastCommitted())).isEqualTo(3);
        assertThat(result.counts().eventsIn()).isEqualTo(3);
        assertThat(result.counts().recordsOut()).isEqualTo(3);
        assertThat(result.counts().recordsPerTopic()).containsExactly(Map.entry(TOPIC, 3L));
        assertThat(result.counts().inFlightRecords()).isZero();
        // The pipeline owns what it was given: started/opened, then closed.
        assertThat(reader.started()).isTrue();
        assertThat(reader.closed()).isTrue();
        assertThat(sink.opened()).isTrue();
        assertThat(sink.closed()).isTrue();
        assertThat(sink.flushes()).isPositive();
        assertThat(encoder.closed()).isTrue();
        assertThat(stage.closed).isTrue();
        assertThat(stage.acknowledged).extracting(TestEvents::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void outOfOrderSinkAcksCommitOnlyTheHighestContiguousPosition() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.holding();
        Pipeline p = pipeline(reader, sink).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            sink.awaitWrites(3);
            sink.complete(2); // lsn 3 first
            sink.complete(0); // then lsn 1
            Await.until("commit of lsn 1", () -> reader.lastCommit() != null, reader::commits);
            assertThat(lsns(reader.commits())).as("3 is acked but 2 is not").containsExactly(1L);

            sink.complete(1);
            Await.until("commit of lsn 3", () -> lsn(reader.lastCommit()) == 3, reader::commits);
            p.stop();
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.STOPPED);
        }
        assertThat(lsns(reader.commits())).containsExactly(1L, 3L);
    }

    @Test
    void failingSinkNeverLetsALaterPositionBeCommitted() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.holding();
        try (RunningPipeline running = new RunningPipeline(pipeline(reader, sink).build())) {
            sink.awaitWrites(3);
            sink.complete(2);
            sink.fail(1, new IOException("broker said no"));
            sink.complete(0);
            // The pipeline fails on its own although the source never ends.
            PipelineResult result = running.result();
            assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
            assertThat(result.failure()).isInstanceOf(FatalException.class)
                    .hasMessageContaining("topic '" + TOPIC + "'")
                    .hasMessageContaining("lsn=2")
                    .hasRootCauseMessage("broker said no");
            assertThat(lsn(result.lastCommitted())).isEqualTo(1);
            assertThat(result.counts().failed()).isEqualTo(1);
        }
        assertThat(lsns(reader.commits())).containsExactly(1L);
        assertThat(reader.closed()).isTrue();
        assertThat(sink.closed()).isTrue();
    }

    @Test
    void stageThatDropsAndStageThatEmitsTwoEvents() {
        List<ChangeEvent> events = List.of(insert(1, "ann"), insert(2, "bob"), delete(3, "cy", 3));
        ListReader reader = ListReader.bounded(events, 10);
        RecordingSink sink = RecordingSink.acking();

        PipelineResult result = pipeline(reader, sink)
                .transform(TestStages.dropping("filter", e -> id(e) == 2))
                .transform(TestStages.tombstones("tombstones"))
                .build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        List<SinkRecord> records = sink.records();
        assertThat(records).extracting(r -> text(r.key()))
                .containsExactly("{\"id\":1}", "{\"id\":3}", "{\"id\":3}");
        assertThat(records.get(1).value()).isNotNull();
        assertThat(records.get(2).value()).as("tombstone").isNull();
        assertThat(result.counts().droppedPerStage()).containsExactly(Map.entry("filter", 1L));
        assertThat(result.counts().recordsOut()).isEqualTo(3);
        assertThat(lsn(reader.lastCommit())).as("dropped events commit too").isEqualTo(3);
    }

    @Test
    void droppedLastEventStillCommitsItsPosition() {
        ListReader reader = ListReader.bounded(inserts(4), 10);
        PipelineResult result = pipeline(reader, RecordingSink.acking())
                .transform(TestStages.dropping("filter", e -> id(e) == 4))
                .build().run();
        assertThat(lsn(result.lastCommitted())).isEqualTo(4);
    }

    @Test
    void backpressureKeepsAtMostMaxInFlightRecordsOutstanding() throws Exception {
        ListReader reader = ListReader.bounded(inserts(5), 10);
        RecordingSink sink = RecordingSink.holding();
        Pipeline p = pipeline(reader, sink).settings(FAST.withMaxInFlight(2, 1_000_000)).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            for (int i = 0; i < 5; i++) {
                sink.awaitWrites(Math.min(i + 2, 5));
                assertThat(sink.outstanding()).isLessThanOrEqualTo(2);
                assertThat(p.counts().inFlightRecords()).isLessThanOrEqualTo(2);
                sink.complete(i);
            }
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.COMPLETED);
        }
        assertThat(sink.maxOutstanding()).isEqualTo(2);
        assertThat(sink.writes()).isEqualTo(5);
        assertThat(lsn(reader.lastCommit())).isEqualTo(5);
    }

    @Test
    void stopFromAnotherThreadFlushesCommitsAndReturnsStopped() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.holding();
        Pipeline p = pipeline(reader, sink).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            sink.awaitWrites(3);
            p.stop();
            assertThat(reader.commits()).as("nothing acknowledged yet").isEmpty();
            sink.completeAll(); // the flush at shutdown waits for these
            PipelineResult result = running.result();
            assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
            assertThat(lsn(result.lastCommitted())).isEqualTo(3);
            assertThat(p.awaitCompletion(Await.TIMEOUT)).isTrue();
        }
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
        assertThat(sink.flushes()).isPositive();
        assertThat(reader.closed()).isTrue();
        assertThat(sink.closed()).isTrue();
    }

    @Test
    void stopWhileBlockedOnBackpressureCommitsOnlyWhatWasWritten() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(5), 10);
        RecordingSink sink = RecordingSink.holding();
        Pipeline p = pipeline(reader, sink).settings(FAST.withMaxInFlight(1, 1_000_000)).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            sink.awaitWrites(1);
            p.stop();
            while (!running.isDone()) {
                sink.completeAll();
                Thread.sleep(1);
            }
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.STOPPED);
        }
        List<SinkRecord> written = sink.records();
        assertThat(written.size()).isLessThan(5);
        assertThat(lsn(reader.lastCommit())).isEqualTo(id(written.get(written.size() - 1).event()));
    }

    @Test
    void maxEventsStopsCleanlyAfterThatManySourceEvents() {
        ListReader reader = ListReader.unbounded(inserts(10), 3);
        RecordingSink sink = RecordingSink.acking();
        PipelineResult result = pipeline(reader, sink).maxEvents(4).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().eventsIn()).isEqualTo(4);
        assertThat(sink.records()).extracting(r -> id(r.event())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lsn(reader.lastCommit())).isEqualTo(4);
    }

    @Test
    void maxDurationEndsAnIdleStreamingPipeline() {
        ListReader reader = ListReader.unbounded(inserts(2), 10);
        PipelineResult result = pipeline(reader, RecordingSink.acking())
                .maxDuration(java.time.Duration.ofMillis(50)).build().run();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(lsn(result.lastCommitted())).isEqualTo(2);
    }

    @Test
    void listenerSeesBatchesAndCommits() {
        List<PipelineCounts> batches = new java.util.ArrayList<>();
        List<SourcePosition> commits = new java.util.ArrayList<>();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void onBatch(PipelineCounts counts) {
                batches.add(counts);
            }

            @Override
            public void onCommitted(SourcePosition position) {
                commits.add(position);
            }
        };
        ListReader reader = ListReader.bounded(inserts(5), 10);
        pipeline(reader, RecordingSink.acking()).settings(FAST.withBatchSize(2)).listener(listener).build().run();

        assertThat(batches).extracting(PipelineCounts::eventsIn).startsWith(2L, 4L, 5L);
        assertThat(commits).isEqualTo(reader.commits());
        assertThat(lsn(commits.get(commits.size() - 1))).isEqualTo(5);
    }
}
