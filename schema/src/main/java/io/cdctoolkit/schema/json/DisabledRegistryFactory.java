package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.RegistryFactory;

import java.util.List;

/**
 * {@code schema_registry.mode: disabled}: no registry, no schema ids, no wire-format header; keys and
 * values are plain Debezium-shaped JSON ({@link JsonEncoder}).
 */
public final class DisabledRegistryFactory implements RegistryFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.REGISTRY, "disabled",
            "No schema registry: keys and values are written as plain Debezium-shaped JSON without a header; "
                    + "deletes' tombstones have a null value.",
            List.of(OptionSpec.oneOf("format", "json").defaultValue("json")
                    .doc("Payload format without a registry; only json (plain JSON, no schema) is possible")
                    .example("json").build()));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public Encoder create(Options options, ComponentContext context) {
        return new JsonEncoder();
    }
}
