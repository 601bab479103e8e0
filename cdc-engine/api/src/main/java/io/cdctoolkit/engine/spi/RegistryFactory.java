package io.cdctoolkit.engine.spi;

/**
 * Creates the encoder for a schema registry mode ({@code schema_registry.mode}: disabled, external,
 * glue). Its options are the block named after the mode (e.g. {@code schema_registry.external}),
 * plus {@code format}, which the catalog passes as option {@code format}.
 */
public interface RegistryFactory extends ComponentFactory<Encoder> {
}
