package io.cdctoolkit.engine.spi;

import java.util.List;

/**
 * Creates the stage of one {@code cdc_features} block of a source ({@code encryption},
 * {@code deduplication}). The pipeline runs feature stages after the transforms, in the order
 * encryption → deduplication → tombstones. The block's {@code enabled} key ({@link #ENABLED}, which
 * every feature's spec lists) decides whether the stage exists at all.
 *
 * <p>A feature's state (a deduplication window) lives in {@link ComponentContext#stateDir()}, the
 * source's state folder.
 */
public interface FeatureFactory extends ComponentFactory<Stage> {

    /** {@code enabled}: whether the feature runs (default true once its block is written). */
    OptionSpec ENABLED = OptionSpec.bool("enabled").defaultValue(true)
            .doc("Whether the feature runs; false keeps the block but turns it off").build();

    /**
     * The shapes the feature's stage gives events of {@code input}'s shape, known from its options alone (no key
     * material, no state): what {@code schema derive} and {@code topics --schemas} show after the transforms. By
     * default the stage does not change shapes. Must agree with the created stage's {@link Stage#outputShapes}.
     *
     * @param options the feature's block, valid ({@link #validate} found nothing)
     */
    default List<EventShape> outputShapes(Options options, EventShape input) {
        return List.of(input);
    }

    /** Whether {@link #review} looks at the tables: {@code check} then reads their schemas for this feature too. */
    default boolean reviewsTables() {
        return false;
    }

    /**
     * What {@code check} says about the feature's options against the tables the source captures, as their events
     * reach the feature (after the transforms): a selection that matches no column, say. Each problem is reported as
     * a warning at its key path; nothing is created or opened. By default there is nothing to say.
     *
     * @param options the feature's block, valid ({@link #validate} found nothing)
     * @param shapes  the event shapes of every table checked
     */
    default List<ConfigProblem> review(Options options, List<EventShape> shapes) {
        return List.of();
    }
}
