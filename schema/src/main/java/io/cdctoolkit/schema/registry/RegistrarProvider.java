package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.Options;

import java.nio.file.Path;

/**
 * A registry mode whose registrar can be opened without an encoder: its {@link io.cdctoolkit.engine.spi.RegistryFactory}
 * implements this so that commands that derive schemas without running a pipeline ({@code cdc-toolkit schema derive},
 * {@code topics --schemas}) read the subjects' latest versions as the pipeline's encoder does
 * ({@link SchemaRegistrar#latest}: Protobuf's field numbers follow them).
 */
public interface RegistrarProvider {

    /**
     * Opens the registrar of the registry {@code options} name; the caller closes it.
     *
     * @param options  the same validated options the factory's {@code create} takes
     * @param stateDir the config's state folder (a persisted {@code mock://} scope is read from it), or null
     */
    SchemaRegistrar openRegistrar(Options options, Path stateDir);
}
