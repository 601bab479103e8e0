package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

/**
 * Kafka's {@code replace.null.with.default} (default true in Kafka): a null field that has a schema
 * default is emitted as the default. A CDC null is the value the source holds, so it stays null here;
 * the option is accepted only with {@code false}, so a copied Kafka config says so instead of failing
 * as an unknown key.
 */
final class NullDefaults {

    private NullDefaults() {
    }

    /** The problem with the option, or null when it is false. */
    static ConfigProblem problem(Options options, OptionSpec option) {
        if (!options.bool(option.name())) return null;
        return new ConfigProblem(options.keyPath() + "." + option.name(),
                "a null stays null here (the source's value); replacing it by the field's default is not supported",
                "remove " + option.name() + " or set it to false");
    }
}
