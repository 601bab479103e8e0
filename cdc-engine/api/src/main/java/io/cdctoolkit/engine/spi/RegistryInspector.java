package io.cdctoolkit.engine.spi;

/**
 * Checks a schema registry without registering anything: the {@code check} CLI command. A
 * {@link RegistryFactory} implements it when its registry is a system that can be down or refuse it.
 */
public interface RegistryInspector {

    /**
     * Checks that the registry answers and accepts this client's credentials, each item with the fix
     * for a failure.
     *
     * @param options the same validated options the factory's {@code create} takes
     * @throws ConnectivityException when the registry cannot be reached
     */
    PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException;
}
