package io.cdctoolkit.engine.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a component is and which options it takes.
 *
 * @param kind    source, sink, transform or registry
 * @param name    the name configs use ({@code datagen}, {@code mask_field}, {@code disabled})
 * @param aliases other accepted names (e.g. Kafka Connect class names for transforms)
 * @param doc     one-paragraph description
 * @param options the options of its {@code config} block
 */
public record ComponentSpec(ComponentKind kind, String name, List<String> aliases, String doc,
                            List<OptionSpec> options) {

    public ComponentSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        options = List.copyOf(options);
    }

    public ComponentSpec(ComponentKind kind, String name, String doc, List<OptionSpec> options) {
        this(kind, name, List.of(), doc, options);
    }

    /** The option that {@code key} names (by name or alias). */
    public Optional<OptionSpec> option(String key) {
        return options.stream().filter(o -> o.accepts(key)).findFirst();
    }

    /** Whether {@code componentName} names this component. */
    public boolean accepts(String componentName) {
        return name.equals(componentName) || aliases.contains(componentName);
    }
}
