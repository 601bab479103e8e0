package io.cdctoolkit.smt.predicate;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A transform that applies only to the events its predicate matches; the others pass unchanged. */
public final class PredicatedStage implements Stage {

    private final Stage transform;
    private final EventPredicate predicate;

    /**
     * @param transform the transform
     * @param predicate when it applies
     */
    public PredicatedStage(Stage transform, EventPredicate predicate) {
        this.transform = transform;
        this.predicate = predicate;
    }

    @Override
    public String name() {
        return transform.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        if (predicate.test(event)) {
            transform.apply(event, out);
        } else {
            out.accept(event);
        }
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        return switch (predicate.decide(input)) {
            case NEVER -> List.of(input);
            case ALWAYS -> transform.outputShapes(input);
            case DEPENDS_ON_EVENT -> {
                List<EventShape> shapes = new ArrayList<>(transform.outputShapes(input));
                if (!shapes.contains(input)) shapes.add(input);
                yield List.copyOf(shapes);
            }
        };
    }

    @Override
    public void onAcknowledged(ChangeEvent event) {
        transform.onAcknowledged(event);
    }

    @Override
    public void close() {
        transform.close();
    }
}
