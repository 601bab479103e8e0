package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.SourcePosition;

/**
 * A pipeline's state at one moment, for {@code /status} and {@code /ready}: taken from any thread.
 * Holds positions, counts and error reasons, never a row's values.
 *
 * @param pipeline      the pipeline's name
 * @param state         where it is in its life
 * @param threadAlive   whether the thread running it is alive (false before and after {@code run()})
 * @param lastCommitted the position the source last accepted as committed, or null
 * @param counts        the counts so far
 * @param lag           how far commits are behind reads
 * @param lastError     the latest error (fatal or handled by {@code on_error}), or null
 */
public record PipelineStatus(String pipeline, PipelineState state, boolean threadAlive, SourcePosition lastCommitted,
                             PipelineCounts counts, PipelineStats.Lag lag, PipelineStats.LastError lastError) {
}
