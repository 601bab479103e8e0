package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.util.List;

/**
 * The {@code topic_routing} and {@code normalization} options every reader adds to its config spec,
 * and the {@link TopicResolver} they configure.
 *
 * <pre>{@code
 * static final List<OptionSpec> OPTIONS = Stream.concat(MY_OPTIONS.stream(), TopicRoutingOptions.OPTIONS.stream()).toList();
 * TopicResolver resolver = TopicRoutingOptions.fromOptions(opts, TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA, sourceTopic);
 * }</pre>
 */
public final class TopicRoutingOptions {

    /** Option name of the topic pattern. */
    public static final String TOPIC_ROUTING = "topic_routing";
    /** Option name of the normalization block. */
    public static final String NORMALIZATION = "normalization";

    /** Default pattern for sources with a schema level (PostgreSQL, SQL Server). */
    public static final String DEFAULT_PATTERN_WITH_SCHEMA = "{database}.{schema}.{table}";
    /** Default pattern for sources without a schema level (MySQL, MariaDB). */
    public static final String DEFAULT_PATTERN_WITHOUT_SCHEMA = "{database}.{table}";

    /** The options inside {@code normalization}. */
    public static final List<OptionSpec> NORMALIZATION_OPTIONS = List.of(
            OptionSpec.oneOf("case_conversion", CaseConversion.configNames().toArray(String[]::new))
                    .defaultValue(CaseConversion.NONE.configName())
                    .doc("case of database/schema/table names in the topic; pattern literals are kept as written")
                    .example(CaseConversion.SNAKE_CASE.configName()).build(),
            OptionSpec.bool("avro_compatible").defaultValue(false)
                    .doc("names usable as Avro names: '-' becomes '_', a leading digit gets a '_' prefix")
                    .build(),
            OptionSpec.stringList("strip_prefixes").defaultValue(List.of())
                    .doc("prefixes removed from names (case-insensitive, in list order, never to empty)")
                    .example(List.of("dbo_")).build(),
            OptionSpec.stringList("strip_suffixes").defaultValue(List.of())
                    .doc("suffixes removed from names after the prefixes (case-insensitive, in list order)")
                    .example(List.of("_table")).build(),
            OptionSpec.oneOf("replacement", "_", "-").defaultValue("_")
                    .doc("character that replaces each character not allowed in a topic (quote it in YAML)")
                    .build(),
            OptionSpec.bool("unicode_escape").defaultValue(false)
                    .doc("replace a disallowed character by _u and its 4 hex digits (e.g. @ becomes _u0040)")
                    .build(),
            OptionSpec.oneOf("on_collision", OnCollision.configNames().toArray(String[]::new))
                    .defaultValue(OnCollision.ERROR.configName())
                    .doc("whether two tables resolving to the same topic is an error or a warning")
                    .build());

    /** The options a reader adds to its spec. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.string(TOPIC_ROUTING)
                    .doc("topic pattern with {database}, {schema}, {table}; default: the source's topic, else "
                            + DEFAULT_PATTERN_WITH_SCHEMA + " (" + DEFAULT_PATTERN_WITHOUT_SCHEMA + " for MySQL/MariaDB)")
                    .example("cdc.{schema}.{table}").build(),
            OptionSpec.object(NORMALIZATION, NORMALIZATION_OPTIONS)
                    .doc("how database/schema/table names are turned into topic name parts").build());

    private TopicRoutingOptions() {
    }

    /**
     * The resolver configured by {@code opts} (which must have been built with {@link #OPTIONS}).
     * The pattern is {@code topic_routing} if set, else {@code fallbackTopic} (the source's
     * {@code topic}) if set, else {@code defaultPattern}.
     *
     * @param opts           a reader's options, including {@link #OPTIONS}
     * @param defaultPattern the reader's default pattern, e.g. {@link #DEFAULT_PATTERN_WITH_SCHEMA}
     * @param fallbackTopic  the source's {@code topic}, or null
     * @throws ConfigException for an invalid pattern, at {@code <keyPath>.topic_routing} (or, when the
     *                         fallback topic is the culprit, at the source's {@code topic} key: the
     *                         sibling of its {@code config} block)
     */
    public static TopicResolver fromOptions(Options opts, String defaultPattern, String fallbackTopic)
            throws ConfigException {
        Options norm = opts.nested(NORMALIZATION);
        String routing = opts.optionalString(TOPIC_ROUTING).orElse(null);
        if (routing != null) {
            return build(configure(TopicResolver.builder(routing), norm), opts.keyPath() + "." + TOPIC_ROUTING,
                    "topic_routing");
        }
        if (fallbackTopic != null && !fallbackTopic.isBlank()) {
            return build(configure(TopicResolver.builder(fallbackTopic), norm), sourceTopicPath(opts.keyPath()),
                    "the source's topic (used because topic_routing is not set)");
        }
        // The default pattern is the reader's own constant: an invalid one is a bug, not a config error.
        return configure(TopicResolver.builder(defaultPattern), norm).build();
    }

    private static TopicResolver.Builder configure(TopicResolver.Builder builder, Options norm) {
        return builder
                .caseConversion(CaseConversion.fromConfig(norm.string("case_conversion")))
                .avroCompatible(norm.bool("avro_compatible"))
                .stripPrefixes(norm.stringList("strip_prefixes").toArray(String[]::new))
                .stripSuffixes(norm.stringList("strip_suffixes").toArray(String[]::new))
                .replacement(norm.string("replacement").charAt(0))
                .unicodeEscape(norm.bool("unicode_escape"))
                .onCollision(OnCollision.fromConfig(norm.string("on_collision")));
    }

    private static TopicResolver build(TopicResolver.Builder builder, String keyPath, String what)
            throws ConfigException {
        try {
            return builder.build();
        } catch (InvalidTopicPatternException e) {
            List<ConfigProblem> problems = e.problems().stream()
                    .map(p -> new ConfigProblem(keyPath, what + " '" + e.pattern() + "' at column " + p.column()
                            + ": " + p.message(), p.fix()))
                    .toList();
            throw new ConfigException(problems);
        }
    }

    /** {@code sources.pg.config} → {@code sources.pg.topic}: where a source's own topic is written. */
    private static String sourceTopicPath(String configKeyPath) {
        String parent = configKeyPath.endsWith(".config")
                ? configKeyPath.substring(0, configKeyPath.length() - ".config".length()) : configKeyPath;
        return parent + ".topic";
    }
}
