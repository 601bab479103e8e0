package io.cdctoolkit.engine.spi;

/** Creates a sink ({@code sinks.*.connector}). */
public interface SinkFactory extends ComponentFactory<Sink> {
}
