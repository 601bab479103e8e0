package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cdctoolkit.engine.runtime.PipelineTest.FAST;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static io.cdctoolkit.engine.testing.TestEvents.lsn;
import static org.assertj.core.api.Assertions.assertThat;

/** An encoder whose registry is down makes the pipeline wait, then deliver everything in order. */
class PipelineEncoderRetryTest {

    /** Encodes as JSON, failing with RetryableException for every call while the registry is "down". */
    private static final class OutageEncoder implements Encoder {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger failedCalls = new AtomicInteger();

        @Override
        public byte[] encode(String topic, Role role, Row row, Headers.Builder headers) {
            if (down.get()) {
                failedCalls.incrementAndGet();
                throw new RetryableException("registry http://registry:8081 unreachable",
                        new IOException("Connection refused"));
            }
            return RowJson.toBytes(row);
        }

        @Override
        public PayloadFormat format() {
            return PayloadFormat.JSON;
        }
    }

    @Test
    void anEncoderOutageMakesThePipelineWaitAndThenDeliverEverythingInOrder() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(2), 10);
        RecordingSink sink = RecordingSink.acking();
        OutageEncoder encoder = new OutageEncoder();
        // maxRetries 0 would make a failing source poll fatal at once: an encoder outage is waited out anyway.
        Pipeline pipeline = Pipeline.builder().source(reader).encoder(encoder).sink(sink).settings(FAST)
                .retry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(20), 0)).build();
        try (RunningPipeline running = new RunningPipeline(pipeline)) {
            Await.until("users 1 and 2 written", () -> sink.acknowledged().size() == 2, sink::records);

            encoder.down.set(true);
            reader.append(inserts(6).subList(2, 6).toArray(new io.cdctoolkit.engine.data.ChangeEvent[0]));
            Await.until("several failed encoder calls", () -> encoder.failedCalls.get() >= 5, encoder.failedCalls::get);
            assertThat(sink.records()).as("nothing is written or skipped while the registry is down").hasSize(2);
            assertThat(lsn(reader.lastCommit())).isEqualTo(2);

            encoder.down.set(false);
            Await.until("users 3 to 6 written", () -> sink.acknowledged().size() == 6, sink::records);
            Await.until("commit of lsn 6", () -> lsn(reader.lastCommit()) == 6, reader::commits);
            pipeline.stop();
            PipelineResult result = running.result();

            assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
            assertThat(sink.records()).extracting(r -> id(r.event())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(result.counts().skipped()).isZero();
            assertThat(result.counts().failed()).isZero();
        }
    }

    @Test
    void aStopDuringAnOutageEndsTheWaitAndCommitsNothingPastTheWaitingEvent() throws Exception {
        ListReader reader = ListReader.unbounded(inserts(3), 10);
        RecordingSink sink = RecordingSink.acking();
        OutageEncoder encoder = new OutageEncoder();
        encoder.down.set(true);
        Pipeline pipeline = Pipeline.builder().source(reader).encoder(encoder).sink(sink).settings(FAST)
                .retry(new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(30), 0)).build();
        try (RunningPipeline running = new RunningPipeline(pipeline)) {
            Await.until("the encoder failed", () -> encoder.failedCalls.get() >= 3, encoder.failedCalls::get);
            pipeline.stop();
            PipelineResult result = running.result();

            assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
            assertThat(sink.records()).isEmpty();
            assertThat(reader.commits()).isEmpty();
        }
    }
}
