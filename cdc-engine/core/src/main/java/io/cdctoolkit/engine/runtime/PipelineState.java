package io.cdctoolkit.engine.runtime;

/** Where a {@link Pipeline} is in its life, for health and status reports. */
public enum PipelineState {
    /** Built, {@link Pipeline#run()} not called yet. */
    CREATED,
    /** Opening the sink and starting the source. */
    STARTING,
    /** The source started; reading, processing and committing. */
    RUNNING,
    /** Stopping: flushing the sink, committing, closing. */
    STOPPING,
    /** {@code run()} returned after a stop request. */
    STOPPED,
    /** {@code run()} returned after the source was exhausted or a limit was reached. */
    COMPLETED,
    /** {@code run()} returned with a failure. */
    FAILED;

    /** True once {@code run()} has returned. */
    public boolean isFinal() {
        return this == STOPPED || this == COMPLETED || this == FAILED;
    }
}
