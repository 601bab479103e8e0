package io.cdctoolkit.engine.spi;

import java.util.List;

/**
 * Creates a single-message transform ({@code transforms[].type}). A transform entry may carry a
 * {@code predicate:} block ({@link #PREDICATE_OPTIONS}); the factory then returns a stage that applies
 * the transform only to the events the predicate matches and passes the others through unchanged.
 */
public interface TransformFactory extends ComponentFactory<Stage> {

    /** The keys of a transform's {@code predicate:} block: all given keys must hold, list entries are alternatives. */
    List<OptionSpec> PREDICATE_OPTIONS = List.of(
            OptionSpec.stringList("tables").doc("Regexes searched in schema.table; any may match").build(),
            OptionSpec.stringList("schemas").doc("Regexes searched in the schema name; any may match").build(),
            OptionSpec.stringList("databases").doc("Regexes searched in the database name; any may match").build(),
            OptionSpec.stringList("operations").doc("Operations: c (create), r (snapshot read), u, d, t (truncate)")
                    .build(),
            OptionSpec.stringList("field_exists").doc("Applies when the row has this field (a dotted path)").build(),
            OptionSpec.object("field_value",
                    OptionSpec.string("field").required().doc("Field path").build(),
                    OptionSpec.string("value").doc("Value the field must equal (as text); absent = null").build())
                    .doc("Applies when the field has this value").build(),
            OptionSpec.string("topic_matches").doc("Regex that must match the whole topic (Kafka TopicNameMatches)")
                    .build(),
            OptionSpec.bool("is_tombstone").doc("Applies only to (true) or never to (false) tombstones").build(),
            OptionSpec.string("has_header").doc("Applies when the event has this header").build(),
            OptionSpec.bool("negate").defaultValue(false).doc("Inverts the whole predicate").build());

    /**
     * Creates the transform guarded by a predicate.
     *
     * @param options   the transform's options, validated against {@link #spec()}
     * @param predicate the entry's predicate options, validated against {@link #PREDICATE_OPTIONS}, or
     *                  null when the entry has none
     * @throws ConfigException when the options or the predicate cannot be used; by default a factory
     *                         supports no predicate
     */
    default Stage create(Options options, Options predicate, ComponentContext context) throws ConfigException {
        if (predicate != null) {
            throw new ConfigException(predicate.keyPath(), "transform '" + spec().name() + "' takes no predicate",
                    "remove the predicate");
        }
        return create(options, context);
    }
}
