package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;

import java.util.List;
import java.util.function.Consumer;

/**
 * One step between reader and encoder: a transform, encryption, dedup or tombstone stage. Turns one
 * event into zero (dropped), one or more events. Implementations compile a small plan per input
 * {@link io.cdctoolkit.engine.data.RowSchema} (identity-keyed cache) and apply it per event, so the
 * per-event path neither parses config nor builds schemas.
 */
public interface Stage extends AutoCloseable {

    /** Name used in errors, metrics and dead-letter headers (e.g. {@code mask_field}). */
    String name();

    /** Applies the stage to one event, passing every resulting event to {@code out}, in order. */
    void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException;

    /**
     * The shapes of the events this stage emits for events of shape {@code input}, without running:
     * how {@code check}, {@code topics} and {@code schema derive} see the schemas and topics after the
     * chain. Empty when every such event is dropped; several when the stage emits events of different
     * shapes (a delete and its tombstone) or may or may not act (a predicate that depends on the event).
     * By default the stage does not change shapes.
     *
     * @throws ConfigException when the stage cannot handle events of this shape (a field it names is
     *                         missing, a type it cannot convert); the problem names the stage's key path
     *                         and the table
     */
    default List<EventShape> outputShapes(EventShape input) throws ConfigException {
        return List.of(input);
    }

    /**
     * Whether the stage may act on events of shape {@code input} at all. {@code check} warns of a transform that acts
     * on no table's events, as misspellings make them: a predicate of a table name that matches none, a router's
     * regex that matches no topic, a field list (with missing fields ignored) of fields no table has. By default it
     * may.
     */
    default boolean mayApplyTo(EventShape input) {
        return true;
    }

    /**
     * What {@code check} says when the stage acts on none of the tables' events ({@link #mayApplyTo}); null, the
     * default, when having nothing to do is by design (a flatten of flat rows) and nothing is said.
     */
    default Inaction inaction() {
        return null;
    }

    /**
     * Called after the sink acknowledged an event this stage emitted (for dedup windows). The runtime
     * calls it on the pipeline thread, in source order, once the whole source event is acknowledged,
     * with each event as written to the sink (after any later stages changed it; its position and
     * table are the source event's).
     */
    default void onAcknowledged(ChangeEvent event) {
    }

    /**
     * Called as soon as the sink acknowledged every record written for one source event, once per event
     * written for it (as in {@link #onAcknowledged}), before {@code onAcknowledged} sees the same event.
     * Unlike {@code onAcknowledged} it does not wait for earlier source events nor for the pipeline
     * thread: it runs on whichever thread completed the acknowledgement (a sink callback thread, or the
     * pipeline thread), possibly concurrently with {@link #apply}, and not necessarily in source order.
     * It is for state that must be saved before a crash can lose it, such as a deduplication window:
     * the position of an event delivered but not yet committed is replayed after a kill. It must be
     * quick and must not throw (report failures from the next {@code apply}).
     */
    default void onDelivered(ChangeEvent event) {
    }

    @Override
    default void close() {
    }
}
