package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;

import java.time.Duration;
import java.util.List;

/**
 * A source of change events (a Debezium-backed database reader, datagen). The pipeline calls it from
 * one thread: {@link #start()}, then {@link #poll} in a loop, {@link #commit} as acknowledgements
 * come in, and {@link #close()} at the end.
 *
 * <p>At-least-once contract: a reader must persist as committed only positions passed to
 * {@link #commit}; after a restart it resumes from the last committed position, so events after it
 * are delivered again.
 */
public interface CdcReader extends AutoCloseable {

    /** Connects and starts reading (snapshot and/or stream, as configured). */
    void start() throws Exception;

    /**
     * The next events, waiting at most {@code timeout} for some to arrive; an empty list when none
     * did. Events of one table key come in source order.
     */
    List<ChangeEvent> poll(Duration timeout) throws Exception;

    /** True once a bounded reader has returned its last event (no further poll will return any). */
    default boolean isExhausted() {
        return false;
    }

    /**
     * Every event at or before {@code position} (in poll order) has been acknowledged by the sink;
     * the reader may now make it its committed offset. Positions arrive in increasing order. The
     * reader may save it later, off the caller's thread (a save should not stall delivery, unless the
     * user asked for every commit to be saved before going on); it must
     * never save a position not passed here, and a failed save makes a later call throw.
     */
    void commit(SourcePosition position) throws Exception;

    /**
     * Stops reading and releases connections; first saves (within a bound) what was passed to
     * {@link #commit} and is not saved yet; must not commit anything not passed to commit.
     */
    @Override
    void close() throws Exception;
}
