package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.SourcePosition;

/**
 * Optional callbacks from a running pipeline, e.g. for a status line. They run on the pipeline thread
 * between batches, so they must be quick and must not throw.
 */
public interface PipelineListener {

    /** A listener that does nothing. */
    PipelineListener NONE = new PipelineListener() {
    };

    /** After each batch (and after each poll that brought nothing), with the counts so far. */
    default void onBatch(PipelineCounts counts) {
    }

    /** After the source accepted {@code position} as its committed position. */
    default void onCommitted(SourcePosition position) {
    }
}
