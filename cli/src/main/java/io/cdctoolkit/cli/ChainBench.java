package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.AssembledChain;
import io.cdctoolkit.engine.config.ConfiguredStage;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs events through an {@link AssembledChain} one step at a time, per batch: every event of the
 * batch through the first stage, its outputs through the second, …, then the encoder (key and value),
 * then a {@link NullSink}, then the acknowledgements the runtime would pass to the stages. Each step is
 * timed once per batch, so a clock read per event does not distort the numbers; a step that dropped
 * every event of a batch leaves the later steps nothing to do, as in {@code run}.
 *
 * <p>What differs from {@code run}: no pipeline thread hand-off, in-flight limits or commits, and the
 * stages see a batch's acknowledgements only after the whole batch (as with a sink that acknowledges
 * late); events a stage or the encoder rejects are counted, not sent to {@code on_error}.
 */
final class ChainBench {

    static final String ENCODER = "encoder";
    /** The row of the stages' acknowledgement callbacks ({@link Stage#onDelivered}, {@link Stage#onAcknowledged}). */
    static final String ACKNOWLEDGEMENTS = "stage acknowledgements";

    private final AssembledChain chain;
    private final String encoderLabel;
    private final int batchSize;

    ChainBench(AssembledChain chain, String encoderLabel, int batchSize) {
        this.chain = chain;
        this.encoderLabel = encoderLabel;
        this.batchSize = batchSize;
    }

    /**
     * One pass over the next {@code count} events of {@code source}, every row measured.
     *
     * @throws io.cdctoolkit.engine.spi.RetryableException when the encoder's registry cannot be reached
     * @throws StageFailure when a stage or the encoder fails otherwise than by rejecting an event
     */
    Pass run(BenchSource.Batches source, long count) throws Exception {
        List<ConfiguredStage> stages = chain.stages();
        List<StageMeter> meters = new ArrayList<>();
        stages.forEach(s -> meters.add(new StageMeter(s.label())));
        StageMeter encoding = new StageMeter(encoderLabel);
        StageMeter sinking = new StageMeter("sink null");
        StageMeter acknowledging = new StageMeter(ACKNOWLEDGEMENTS);
        NullSink sink = new NullSink();
        long end = source.count() + count;
        while (source.count() < end) {
            List<ChangeEvent> current = source.next((int) Math.min(batchSize, end - source.count()));
            if (current.isEmpty()) break;
            for (int i = 0; i < stages.size(); i++) {
                current = apply(stages.get(i), current, meters.get(i));
            }
            List<Encoded> encoded = encode(current, encoding);
            write(encoded, sink, sinking);
            acknowledge(encoded, acknowledging);
        }
        List<StageResult> rows = new ArrayList<>();
        meters.forEach(m -> rows.add(m.result()));
        rows.add(encoding.result());
        rows.add(sinking.result());
        if (!stages.isEmpty()) rows.add(acknowledging.result());
        return new Pass(rows, sink.records(), sink.bytes());
    }

    private static List<ChangeEvent> apply(ConfiguredStage configured, List<ChangeEvent> batch, StageMeter meter)
            throws StageFailure {
        Stage stage = configured.stage();
        List<ChangeEvent> out = new ArrayList<>(batch.size());
        long start = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            ChangeEvent event = batch.get(i);
            try {
                stage.apply(event, out::add);
            } catch (InvalidDataException e) {
                meter.rejected(e.getMessage());
            } catch (RuntimeException e) {
                throw new StageFailure(configured.label(), event, e);
            }
        }
        meter.add(batch.size(), out.size(), System.nanoTime() - start);
        return out;
    }

    private List<Encoded> encode(List<ChangeEvent> batch, StageMeter meter) throws StageFailure {
        Encoder encoder = chain.encoder();
        List<Encoded> out = new ArrayList<>(batch.size());
        long start = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            ChangeEvent event = batch.get(i);
            // As EventProcessor: one header builder for key and value, the event's headers first.
            Headers.Builder headers = event.headers().toBuilder();
            try {
                byte[] key = event.key() == null ? null : encoder.encode(event.topic(), Encoder.Role.KEY, event.key(), headers);
                byte[] value = event.value() == null ? null
                        : encoder.encode(event.topic(), Encoder.Role.VALUE, event.value(), headers);
                out.add(new Encoded(event, key, value, headers));
            } catch (InvalidDataException e) {
                meter.rejected(e.getMessage());
            } catch (io.cdctoolkit.engine.spi.RetryableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StageFailure(ENCODER, event, e);
            }
        }
        meter.add(batch.size(), out.size(), System.nanoTime() - start);
        return out;
    }

    private void write(List<Encoded> batch, NullSink sink, StageMeter meter) {
        PayloadFormat format = chain.encoder().format();
        long start = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Encoded e = batch.get(i);
            sink.write(new SinkRecord(e.event().topic(), e.key(), e.value(), e.headers().build(), format, e.event()),
                    error -> { });
        }
        meter.add(batch.size(), batch.size(), System.nanoTime() - start);
    }

    /** What the runtime tells the stages once the sink acknowledged (a deduplication window records the keys). */
    private void acknowledge(List<Encoded> batch, StageMeter meter) {
        List<Stage> stages = chain.stageList();
        long start = System.nanoTime();
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            for (int i = 0; i < batch.size(); i++) {
                stage.onDelivered(batch.get(i).event());
                stage.onAcknowledged(batch.get(i).event());
            }
        }
        meter.add(batch.size(), batch.size(), System.nanoTime() - start);
    }

    /** An event with its encoded key and value. */
    private record Encoded(ChangeEvent event, byte[] key, byte[] value, Headers.Builder headers) {
    }

    /**
     * One pass's rows, in chain order, and what reached the sink.
     *
     * @param rows    the stages, the encoder, the sink and (with stages) their acknowledgements
     * @param records records the sink accepted
     * @param bytes   their size (topic, key, value, headers)
     */
    record Pass(List<StageResult> rows, long records, long bytes) {

        long nanos() {
            return rows.stream().mapToLong(StageResult::nanos).sum();
        }
    }

    /** A stage (or the encoder) failed on an event by throwing something other than an invalid-data error. */
    static final class StageFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StageFailure(String stage, ChangeEvent event, RuntimeException cause) {
            super(stage + " failed on an event of table " + event.table() + ": " + cause, cause);
        }
    }
}
