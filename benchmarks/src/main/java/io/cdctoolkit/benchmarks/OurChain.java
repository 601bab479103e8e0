package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Our transforms in chain order, created as the pipeline creates them (catalog lookup by name,
 * options validated against the factory's spec, no predicate). Each stage hands its output straight
 * to the next through a consumer built once, so the per-event path allocates nothing of its own;
 * the last consumer keeps the chain's last output. Not thread-safe (one per benchmark thread).
 */
final class OurChain implements AutoCloseable {

    private final List<Stage> stages;
    private final Consumer<ChangeEvent> head;
    private ChangeEvent last;
    private int emitted;

    private OurChain(List<Stage> stages) {
        this.stages = List.copyOf(stages);
        Consumer<ChangeEvent> next = event -> {
            last = event;
            emitted++;
        };
        for (int i = stages.size() - 1; i >= 0; i--) {
            next = new StageConsumer(stages.get(i), next);
        }
        this.head = next;
    }

    /**
     * Creates the chain from {@code steps}.
     *
     * @throws MissingTransformException when a transform is not on the class path
     * @throws ConfigException           when a step's options are refused
     */
    static OurChain create(ComponentCatalog catalog, List<ChainStep> steps, Path stateDir) throws ConfigException {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ChainStep step = steps.get(i);
            TransformFactory factory = catalog.transform(step.ours())
                    .orElseThrow(() -> new MissingTransformException(step.ours()));
            Options options = Options.of("transforms[" + i + "].config", factory.spec().options(), step.ourConfig());
            stages.add(factory.create(options, null, ComponentContext.of(step.ours(), stateDir)));
        }
        return new OurChain(stages);
    }

    /** Runs one event through the chain; returns how many events came out (0 = dropped). */
    int apply(ChangeEvent event) {
        emitted = 0;
        head.accept(event);
        return emitted;
    }

    /** The last event the chain emitted. */
    ChangeEvent last() {
        return last;
    }

    @Override
    public void close() {
        stages.forEach(Stage::close);
    }

    /** Applies one stage and passes what it emits to the rest of the chain. */
    private record StageConsumer(Stage stage, Consumer<ChangeEvent> downstream) implements Consumer<ChangeEvent> {
        @Override
        public void accept(ChangeEvent event) {
            try {
                stage.apply(event, downstream);
            } catch (InvalidDataException e) {
                // The workload is valid: a rejection is a bug the benchmark must not hide.
                throw new IllegalStateException("stage '" + stage.name() + "' rejected an event: " + e.getMessage(), e);
            }
        }
    }

    /** A transform of the chain is not on the class path. */
    static final class MissingTransformException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingTransformException(String name) {
            super("transform '" + name + "' is not on the class path");
        }
    }
}
