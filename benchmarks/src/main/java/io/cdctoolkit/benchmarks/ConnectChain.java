package io.cdctoolkit.benchmarks;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.List;

/**
 * The peer chain as Kafka Connect's worker runs it ({@code TransformationChain}): each
 * transformation in order on the previous one's result, stopping when one returns null (dropped).
 */
final class ConnectChain implements AutoCloseable {

    private final Transformation<SinkRecord>[] transformations;

    @SuppressWarnings("unchecked")
    ConnectChain(List<ChainStep> steps) {
        this.transformations = steps.stream().map(ChainStep::createConnect).toArray(Transformation[]::new);
    }

    /** The record after the chain, or null when a transformation dropped it. */
    SinkRecord apply(SinkRecord record) {
        SinkRecord current = record;
        for (Transformation<SinkRecord> transformation : transformations) {
            current = transformation.apply(current);
            if (current == null) return null;
        }
        return current;
    }

    @Override
    public void close() {
        for (Transformation<SinkRecord> transformation : transformations) transformation.close();
    }
}
