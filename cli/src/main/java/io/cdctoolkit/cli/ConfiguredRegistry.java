package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RegistryFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The config's {@code schema_registry} with its factory and validated options, as {@code run} builds
 * the encoder from it (the mode's block, plus {@code format}), for the commands that talk to the
 * registry without running a pipeline ({@code check}, {@code tail --config}, {@code topics --schemas}).
 *
 * @param definition the {@code schema_registry} block
 * @param factory    the mode's factory
 * @param options    the mode's options, {@code format} included
 */
record ConfiguredRegistry(RegistryDefinition definition, RegistryFactory factory, Options options) {

    /** The configured registry, or empty when the mode is {@code disabled} (no registry). */
    static Optional<ConfiguredRegistry> of(RegistryDefinition definition, ComponentCatalog catalog)
            throws ConfigException {
        if (definition.mode().equals(RegistryDefinition.DISABLED)) return Optional.empty();
        RegistryFactory factory = catalog.registry(definition.mode()).orElseThrow(() -> new ConfigException(
                definition.keyPath() + ".mode", "no schema registry mode '" + definition.mode() + "' in this build", null));
        Map<String, Object> raw = new LinkedHashMap<>(definition.options());
        raw.put("format", definition.format());
        Options options = Options.of(definition.optionsKeyPath(), factory.spec().options(), raw);
        var problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return Optional.of(new ConfiguredRegistry(definition, factory, options));
    }

    /** The {@code external} registry at {@code url} with default options ({@code tail --registry URL}). */
    static ConfiguredRegistry external(String url, ComponentCatalog catalog) throws ConfigException {
        RegistryDefinition definition = new RegistryDefinition("external", "avro", Map.of("url", url), "--registry");
        return of(definition, catalog).orElseThrow();
    }
}
