package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.cdctoolkit.engine.runtime.PipelineTest.pipeline;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Stage#onDelivered}: as soon as the sink acknowledged a source event, without waiting for earlier
 * events nor for the commit — what a deduplication window needs to be saved before a kill loses the position.
 */
class DeliveredHookTest {

    static final class Watching implements Stage {
        final List<ChangeEvent> delivered = new CopyOnWriteArrayList<>();
        final List<ChangeEvent> acknowledged = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "watching";
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            out.accept(event);
        }

        @Override
        public void onDelivered(ChangeEvent event) {
            delivered.add(event);
        }

        @Override
        public void onAcknowledged(ChangeEvent event) {
            acknowledged.add(event);
        }
    }

    @Test
    void anEventIsReportedDeliveredWhenTheSinkAcksItEvenBeforeEarlierEventsAndTheCommit() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.holding();
        Watching stage = new Watching();
        Pipeline p = pipeline(reader, sink).stages(List.of(stage)).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            sink.awaitWrites(3);
            sink.complete(2); // lsn 3 is acknowledged; 1 and 2 are not
            Await.until("delivery of lsn 3", () -> !stage.delivered.isEmpty(), () -> stage.delivered);
            assertThat(stage.delivered).extracting(TestEvents::id).containsExactly(3L);
            assertThat(stage.acknowledged).as("onAcknowledged waits for 1 and 2").isEmpty();
            assertThat(reader.commits()).isEmpty();

            sink.complete(0);
            sink.complete(1);
            Await.until("all acknowledged", () -> stage.acknowledged.size() == 3, () -> stage.acknowledged);
            assertThat(stage.delivered).extracting(TestEvents::id).containsExactlyInAnyOrder(1L, 2L, 3L);
            p.stop();
            running.result();
        }
    }

    @Test
    void aRecordTheSinkRejectedIsNotReportedDelivered() throws Exception {
        ListReader reader = ListReader.bounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.acking().failing(r -> TestEvents.id(r.event()) == 2,
                r -> new io.cdctoolkit.engine.spi.InvalidDataException("sink", r.event().table(), null, "too large"));
        Watching stage = new Watching();
        PipelineResult result = pipeline(reader, sink).stages(List.of(stage))
                .settings(PipelineTest.FAST.withOnError(ErrorPolicy.SKIP)).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(stage.delivered).extracting(TestEvents::id).containsExactlyInAnyOrder(1L, 3L);
    }
}
