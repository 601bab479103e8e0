package io.cdctoolkit.engine.spi;

/** Creates a single-message transform ({@code transforms[].type}). */
public interface TransformFactory extends ComponentFactory<Stage> {
}
