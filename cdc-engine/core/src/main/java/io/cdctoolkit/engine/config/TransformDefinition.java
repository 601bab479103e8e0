package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a {@code transforms:} list, validated against its {@code TransformFactory}'s spec.
 *
 * @param type      the transform's canonical name (an alias such as a Kafka class name is resolved)
 * @param predicate when the transform applies ({@link #PREDICATE_OPTIONS}); empty = always
 * @param config    the transform's options as written (after substitution), for {@code Options.of}
 * @param keyPath   where the entry is, e.g. {@code sources.pg.config.transforms[0]}; its options are
 *                  under {@code keyPath + ".config"}
 */
public record TransformDefinition(String type, Map<String, Object> predicate, Map<String, Object> config,
                                  String keyPath) {

    /** The keys of a transform's {@code predicate:} block (see {@link TransformFactory#PREDICATE_OPTIONS}). */
    public static final List<OptionSpec> PREDICATE_OPTIONS = TransformFactory.PREDICATE_OPTIONS;

    public TransformDefinition {
        Objects.requireNonNull(type, "type");
        predicate = ConfigMaps.copy(predicate);
        config = ConfigMaps.copy(config);
        Objects.requireNonNull(keyPath, "keyPath");
    }
}
