package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Inaction;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A table's events before and after a {@link TransformChain}, as known without running.
 *
 * @param input    the shape the reader gives the events
 * @param outputs  the distinct shapes the chain emits: empty when every event is dropped, several when
 *                 a transform may emit different shapes (a delete and its tombstone, a predicate that
 *                 depends on the event)
 * @param problems what does not fit the table (a named field that is missing, a type that cannot be
 *                 converted), each at the transform's key path; empty when the chain compiles
 * @param acting   the key paths of the transforms that may act on some of the table's events
 *                 ({@link io.cdctoolkit.engine.spi.Stage#mayApplyTo})
 * @param idle     by key path, the transforms some of the table's events reach but that act on none of them, with
 *                 what check says of that ({@link io.cdctoolkit.engine.spi.Stage#inaction}: a predicate that
 *                 matches none, a router's regex that matches no topic); one no event reaches, or one that says
 *                 nothing of it, is not there
 */
public record ChainShapes(EventShape input, List<EventShape> outputs, List<ConfigProblem> problems,
                          Set<String> acting, Map<String, Inaction> idle) {

    public ChainShapes {
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
        problems = List.copyOf(problems);
        acting = Set.copyOf(acting);
        idle = Map.copyOf(idle);
    }

    /** Whether the chain drops every event of the table (and every transform fits it). */
    public boolean dropsAll() {
        return outputs.isEmpty() && problems.isEmpty();
    }

    /** The topics the events go to after the chain, in order of first appearance. */
    public List<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        outputs.forEach(s -> topics.add(s.topic()));
        return List.copyOf(topics);
    }
}
