package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the stages in order on one source event. A stage that emits nothing drops the event (the
 * chain stops for it and the drop is counted under the stage's name); a stage may emit several
 * events (a delete and its tombstone), each of which goes through the rest of the chain in order.
 * Runs on the pipeline thread only; its two buffers are reused from event to event.
 */
final class StageChain {

    private final List<Stage> stages;
    private final PipelineStats stats;
    private final List<ChangeEvent> bufferA = new ArrayList<>();
    private final List<ChangeEvent> bufferB = new ArrayList<>();
    private final Consumer<ChangeEvent> addToA = bufferA::add;
    private final Consumer<ChangeEvent> addToB = bufferB::add;

    StageChain(List<Stage> stages, PipelineStats stats) {
        this.stages = List.copyOf(stages);
        this.stats = stats;
    }

    List<Stage> stages() {
        return stages;
    }

    /**
     * The events the chain makes of {@code event}, in order; empty when a stage dropped it. The list
     * is reused: it is valid only until the next call.
     *
     * @throws Failure        when a stage rejects an event ({@code on_error} applies)
     * @throws FatalException when a stage throws anything else
     */
    List<ChangeEvent> apply(ChangeEvent event) throws Failure {
        List<ChangeEvent> current = bufferA;
        current.clear();
        current.add(event);
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            List<ChangeEvent> next = current == bufferA ? bufferB : bufferA;
            Consumer<ChangeEvent> out = next == bufferA ? addToA : addToB;
            next.clear();
            for (int i = 0; i < current.size(); i++) {
                ChangeEvent input = current.get(i);
                int before = next.size();
                applyOne(index, stage, input, out);
                if (next.size() == before) stats.dropped(stage.name());
            }
            current = next;
            if (current.isEmpty()) break;
        }
        return current;
    }

    private static void applyOne(int index, Stage stage, ChangeEvent input, Consumer<ChangeEvent> out)
            throws Failure {
        try {
            stage.apply(input, out);
        } catch (InvalidDataException e) {
            throw new Failure(index, stage.name(), input, e);
        } catch (RuntimeException e) {
            throw new FatalException("stage '" + stage.name() + "' failed on an event of table " + input.table()
                    + " at " + Positions.describe(input.position()) + ": " + e, e);
        }
    }

    /** A stage rejected an event; {@code on_error} decides what happens to it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ChangeEvent input;
        private final String stage;
        private final int index;

        Failure(int index, String stage, ChangeEvent input, InvalidDataException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
            this.stage = stage;
            this.input = input;
        }

        /** The failing stage's position in the chain. */
        int index() {
            return index;
        }

        /** The stage's name (where the exception names none). */
        String stage() {
            return stage;
        }

        /** The event as it entered the failing stage. */
        ChangeEvent input() {
            return input;
        }

        InvalidDataException invalid() {
            return (InvalidDataException) getCause();
        }
    }
}
