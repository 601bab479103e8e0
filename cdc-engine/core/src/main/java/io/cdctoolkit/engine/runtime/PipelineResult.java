package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.SourcePosition;

import java.time.Duration;
import java.util.Objects;

/**
 * How a pipeline run ended.
 *
 * @param pipeline      the pipeline's name
 * @param status        how it ended
 * @param failure       why it failed, or null unless {@link Status#FAILED}; for {@code on_error: stop}
 *                      the {@link io.cdctoolkit.engine.spi.InvalidDataException} naming stage, table and field
 * @param counts        the final counts
 * @param duration      how long {@link Pipeline#run()} ran
 * @param lastCommitted the last position the source accepted as committed, or null when none was
 */
public record PipelineResult(String pipeline, Status status, Throwable failure, PipelineCounts counts,
                             Duration duration, SourcePosition lastCommitted) {

    public PipelineResult {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(duration, "duration");
    }

    /** How a run ended. */
    public enum Status {
        /** The bounded source was exhausted, or the {@code maxEvents}/{@code maxDuration} limit was reached. */
        COMPLETED,
        /** {@link Pipeline#stop()} was called (or the pipeline thread was interrupted). */
        STOPPED,
        /** A fatal error or {@code on_error: stop}; nothing at or after the failed event was committed. */
        FAILED
    }

    /** True unless the run failed. */
    public boolean succeeded() {
        return status != Status.FAILED;
    }
}
