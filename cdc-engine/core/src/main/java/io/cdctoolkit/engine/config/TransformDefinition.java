package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.OptionSpec;

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

    /** The keys of a transform's {@code predicate:} block: all given keys must hold, list entries are alternatives. */
    public static final List<OptionSpec> PREDICATE_OPTIONS = List.of(
            OptionSpec.stringList("tables").doc("Regexes searched in schema.table; any may match").build(),
            OptionSpec.stringList("schemas").doc("Regexes searched in the schema name; any may match").build(),
            OptionSpec.stringList("databases").doc("Regexes searched in the database name; any may match").build(),
            OptionSpec.stringList("operations").doc("Operations: c (create), r (snapshot read), u, d, t (truncate)")
                    .build(),
            OptionSpec.stringList("field_exists").doc("Applies when the row has this field").build(),
            OptionSpec.object("field_value",
                    OptionSpec.string("field").required().doc("Field path").build(),
                    OptionSpec.string("value").doc("Value the field must equal (as text)").build())
                    .doc("Applies when the field has this value").build(),
            OptionSpec.string("topic_matches").doc("Regex that must match the whole topic (Kafka TopicNameMatches)")
                    .build(),
            OptionSpec.bool("is_tombstone").doc("Applies only to (true) or never to (false) tombstones").build(),
            OptionSpec.string("has_header").doc("Applies when the event has this header").build(),
            OptionSpec.bool("negate").defaultValue(false).doc("Inverts the whole predicate").build());

    public TransformDefinition {
        Objects.requireNonNull(type, "type");
        predicate = ConfigMaps.copy(predicate);
        config = ConfigMaps.copy(config);
        Objects.requireNonNull(keyPath, "keyPath");
    }
}
