package io.cdctoolkit.smt.predicate;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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

    /**
     * Decided per operation of the shape: with {@code operations: [d]} the transform's outputs carry the deletes and
     * the other operations pass as they are, so what follows (check's reviews of deletes, another predicate on
     * operations) sees which events took which way.
     */
    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        Set<Op> applied = EnumSet.noneOf(Op.class);
        Set<Op> passed = EnumSet.noneOf(Op.class);
        for (Op op : input.operations()) {
            switch (predicate.decide(input.withOperations(Set.of(op)))) {
                case ALWAYS -> applied.add(op);
                case NEVER -> passed.add(op);
                case DEPENDS_ON_EVENT -> {
                    applied.add(op);
                    passed.add(op);
                }
            }
        }
        List<EventShape> shapes = new ArrayList<>();
        if (!applied.isEmpty()) shapes.addAll(transform.outputShapes(only(input, applied)));
        if (!passed.isEmpty()) shapes.add(only(input, passed));
        return EventShape.merged(shapes);
    }

    /** Whether the predicate can match an event of the shape, for some operation of it, and the transform act on it. */
    @Override
    public boolean mayApplyTo(EventShape input) {
        if (input.operations().isEmpty()) {
            return predicate.decide(input) != EventPredicate.Decision.NEVER && transform.mayApplyTo(input);
        }
        Set<Op> matched = EnumSet.noneOf(Op.class);
        for (Op op : input.operations()) {
            if (predicate.decide(input.withOperations(Set.of(op))) != EventPredicate.Decision.NEVER) matched.add(op);
        }
        return !matched.isEmpty() && transform.mayApplyTo(only(input, matched));
    }

    /** A predicate that matches none of the tables (a misspelt name), or what keeps its transform from acting. */
    @Override
    public Inaction inaction() {
        return new Inaction("its predicate matches none of them", "correct the predicate: tables are regexes searched"
                + " in schema.table, schemas and databases in the schema's and the database's name")
                .or(transform.inaction());
    }

    private static EventShape only(EventShape shape, Set<Op> operations) {
        return operations.isEmpty() || operations.equals(shape.operations()) ? shape : shape.withOperations(operations);
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
