package io.cdctoolkit.schema.decode;

import io.cdctoolkit.engine.spi.Options;

/**
 * A registry mode whose records can be read back: its {@link io.cdctoolkit.engine.spi.RegistryFactory}
 * implements this so that readers of topics ({@code cdc-toolkit tail}) find writer schemas in the
 * registry a config names, without knowing the mode (external today, Glue when it comes).
 */
public interface SchemaLookupProvider {

    /**
     * Opens a lookup of the registry {@code options} name; the caller closes it.
     *
     * @param options the same validated options the factory's {@code create} takes
     */
    SchemaLookup openLookup(Options options);

    /**
     * As {@link #openLookup(Options)}, for a config whose state lives in {@code stateDir} (a registry
     * that keeps its content there, like a persisted {@code mock://} scope, is read from it).
     */
    default SchemaLookup openLookup(Options options, java.nio.file.Path stateDir) {
        return openLookup(options);
    }
}
