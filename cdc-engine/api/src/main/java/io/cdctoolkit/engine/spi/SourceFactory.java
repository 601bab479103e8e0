package io.cdctoolkit.engine.spi;

/** Creates a source ({@code sources.*.connector}). */
public interface SourceFactory extends ComponentFactory<CdcReader> {
}
