package io.cdctoolkit.engine.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code schema_registry} block.
 *
 * @param mode    the registry factory's name: {@code disabled} (default), {@code external}, {@code glue}
 * @param format  {@code avro}, {@code protobuf}, {@code json_schema} or {@code json}; defaults to
 *                {@code json} when disabled, else {@code avro}
 * @param options the block named after the mode (e.g. {@code schema_registry.external}), as written
 *                after substitution; validated against the mode's spec
 * @param keyPath {@code schema_registry}; the options are under {@code keyPath + "." + mode}
 */
public record RegistryDefinition(String mode, String format, Map<String, Object> options, String keyPath) {

    /** The mode used when {@code schema_registry} is absent: plain JSON, no registry. */
    public static final String DISABLED = "disabled";

    /** The values {@code format} accepts. */
    public static final List<String> FORMATS = List.of("avro", "protobuf", "json_schema", "json");

    public RegistryDefinition {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(format, "format");
        options = ConfigMaps.copy(options);
        Objects.requireNonNull(keyPath, "keyPath");
    }

    /** No registry, plain JSON: what a config without {@code schema_registry} gets. */
    public static RegistryDefinition disabled() {
        return new RegistryDefinition(DISABLED, "json", Map.of(), "schema_registry");
    }

    /** The format a mode uses when {@code format} is not given. */
    public static String defaultFormat(String mode) {
        return DISABLED.equals(mode) ? "json" : "avro";
    }

    /** Where the mode's options are, e.g. {@code schema_registry.external}. */
    public String optionsKeyPath() {
        return keyPath + "." + mode;
    }
}
