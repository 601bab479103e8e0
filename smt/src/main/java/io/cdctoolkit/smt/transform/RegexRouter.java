package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.TransformContext;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code regex_router}: sets the event's topic (never a payload field). Tombstones are routed too,
 * so that they reach the topic of the records they delete. The result per topic (Kafka form) or per
 * table (routes form) is cached, so a regex runs once per distinct input, not per event.
 */
final class RegexRouter implements Stage {

    /** Distinct topics or tables remembered before the cache starts over. */
    static final int MAX_CACHED = 10_000;

    private final TransformContext context;
    private final TopicRoute route;
    private final BoundedCache<Object, TopicRoute.Outcome> outcomes = new BoundedCache<>(MAX_CACHED);

    RegexRouter(TransformContext context, TopicRoute route) {
        this.context = context;
        this.route = route;
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        TopicRoute.Outcome outcome = outcome(event.table(), event.topic());
        if (outcome.problem() != null) {
            throw new InvalidDataException(context.name(), event.table(), null, message(outcome));
        }
        out.accept(outcome.topic() == null || outcome.topic().equals(event.topic()) ? event
                : event.withTopic(outcome.topic()));
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        TopicRoute.Outcome outcome = outcome(input.table(), input.topic());
        if (outcome.problem() != null) {
            throw new ConfigException(context.optionPath(route.option()),
                    context.name() + " routes table " + input.table() + ": " + message(outcome), null);
        }
        return List.of(outcome.topic() == null ? input : input.withTopic(outcome.topic()));
    }

    /** Whether it routes the shape's events at all: a regex that matches no whole topic leaves them where they are. */
    @Override
    public boolean mayApplyTo(EventShape input) {
        return outcome(input.table(), input.topic()).topic() != null;
    }

    /** A regex that matches no topic whole (Kafka's form), or routes whose patterns find no table (rivven's). */
    @Override
    public Inaction inaction() {
        return route instanceof TopicRoute.Rewrite
                ? new Inaction("its regex matches none of their topics whole", "correct "
                        + context.optionPath("regex") + " (`cdc-toolkit topics` lists the topics)")
                : new Inaction("its routes match none of them", "correct " + context.optionPath("routes")
                        + " (patterns are searched in schema.table)");
    }

    private TopicRoute.Outcome outcome(io.cdctoolkit.engine.data.TableId table, String topic) {
        Object key = route.cacheKey(table, topic);
        TopicRoute.Outcome known = outcomes.peek(key); // no capturing lambda on the common path
        return known != null ? known : outcomes.get(key, k -> route.route(table, topic));
    }

    /** Topic names come from table and topic names, not from row data, so the message may quote them. */
    private String message(TopicRoute.Outcome outcome) {
        return "the routed topic '" + outcome.topic() + "' is not a valid Kafka topic name: " + outcome.problem()
                + " (" + context.optionPath(route.option()) + ")";
    }

    /** How many distinct inputs are cached (for tests of the cache). */
    int cachedOutcomes() {
        return outcomes.size();
    }
}
