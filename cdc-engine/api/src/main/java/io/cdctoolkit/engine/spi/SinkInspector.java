package io.cdctoolkit.engine.spi;

/**
 * Checks a sink's target without writing anything: the {@code check} CLI command. A
 * {@link SinkFactory} implements it when its sink talks to a system that can be down or refuse it.
 */
public interface SinkInspector {

    /**
     * Checks that the target answers and accepts this client, each item with the fix for a failure.
     *
     * @param options the same validated options the factory's {@code create} takes
     * @throws ConnectivityException when the target cannot be reached
     */
    PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException;
}
