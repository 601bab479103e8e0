package io.cdctoolkit.engine.spi;

/** The kinds of pluggable components, each found by name through its factory. */
public enum ComponentKind {
    /** {@code sources.*.connector}. */
    SOURCE,
    /** {@code sinks.*.connector}. */
    SINK,
    /** {@code transforms[].type}. */
    TRANSFORM,
    /** {@code schema_registry.mode}: the registry mode and its encoders. */
    REGISTRY,
    /** {@code sources.*.config.cdc_features.<name>}: a stage after the transforms (encryption, deduplication). */
    FEATURE
}
