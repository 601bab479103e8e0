package io.cdctoolkit.engine.spi;

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
}
