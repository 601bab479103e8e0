package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RegistryFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our encoders created as the pipeline creates them from {@code schema_registry} (PipelineAssembler):
 * the mode's factory from the catalog, its block's options plus {@code format}, validated against the
 * factory's spec and its combined checks, then {@code create}.
 */
final class Encoders {

    private Encoders() {
    }

    /**
     * {@code format: json} → mode {@code disabled} (plain JSON, no registry); {@code avro},
     * {@code protobuf}, {@code json_schema} → mode {@code external} at {@code registryUrl} (a
     * {@code mock://} scope or a Confluent-compatible REST URL), default settings (topic subject
     * strategy, auto-register).
     */
    static Encoder create(String format, String registryUrl, Path stateDir) throws ConfigException {
        String mode = format.equals("json") ? "disabled" : "external";
        RegistryFactory factory = ComponentCatalog.load().registry(mode)
                .orElseThrow(() -> new IllegalStateException("schema registry mode " + mode + " is not on the class path"));
        Map<String, Object> block = new LinkedHashMap<>();
        if (mode.equals("external")) block.put("url", registryUrl);
        block.put("format", format);
        String keyPath = "schema_registry." + mode;
        Options options = Options.of(keyPath, factory.spec().options(), block);
        List<ConfigProblem> problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return factory.create(options, ComponentContext.of(mode, stateDir));
    }
}
