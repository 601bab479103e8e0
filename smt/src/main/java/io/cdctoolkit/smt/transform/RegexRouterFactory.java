package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionRule;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex_router} (Kafka's {@code org.apache.kafka.connect.transforms.RegexRouter}): Kafka's
 * {@code regex} + {@code replacement}, or rivven's {@code routes} + {@code default_topic}.
 */
public final class RegexRouterFactory extends SmtFactory {

    static final String NAME = "regex_router";
    static final String KAFKA_CLASS = "org.apache.kafka.connect.transforms.RegexRouter";
    private static final Set<String> ROUTE_KEYS = Set.of("pattern", "topic");

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, NAME, List.of(KAFKA_CLASS),
            "Sets the event's topic: Kafka's regex + replacement on the topic, or routes matched against "
                    + "schema.table. The result must be a legal Kafka topic name.",
            List.of(OptionSpec.string("regex")
                            .doc("Kafka form: regex that must match the whole topic; with replacement").build(),
                    OptionSpec.string("replacement")
                            .doc("Kafka form: the new topic, $1 / ${name} refer to the regex's groups").build(),
                    OptionSpec.objectList("routes")
                            .doc("rivven form: [{pattern, topic}], pattern searched in schema.table (database.table "
                                    + "without schema), first match wins; topic may use $1").build(),
                    OptionSpec.string("default_topic")
                            .doc("rivven form: topic of tables no route matches (absent = keep the topic)").build()));

    /** For the {@link java.util.ServiceLoader}. */
    public RegexRouterFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        parse(options, problems);
        return problems;
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        TopicRoute route = parse(options, problems);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new RegexRouter(context, route);
    }

    /** The route of the options, or null with the problems added. */
    private static TopicRoute parse(Options options, List<ConfigProblem> problems) {
        String at = options.keyPath();
        boolean kafka = options.has("regex") || options.has("replacement");
        boolean rivven = options.has("routes") || options.has("default_topic");
        if (kafka && rivven) {
            problems.add(new ConfigProblem(at, "regex/replacement (Kafka form) and routes/default_topic (rivven form) "
                    + "cannot be combined", "use one form"));
            return null;
        }
        if (!kafka && !rivven) {
            problems.add(new ConfigProblem(at, "regex_router needs regex + replacement, or routes",
                    "e.g. regex: \"pg\\\\.public\\\\.(.*)\" and replacement: \"cdc.$1\""));
            return null;
        }
        return kafka ? rewrite(options, problems) : routes(options, problems);
    }

    private static TopicRoute rewrite(Options options, List<ConfigProblem> problems) {
        String at = options.keyPath();
        if (!options.has("regex") || !options.has("replacement")) {
            String missing = options.has("regex") ? "replacement" : "regex";
            problems.add(new ConfigProblem(at + "." + missing, "the Kafka form needs both regex and replacement", null));
            return null;
        }
        Pattern regex = compile(at + ".regex", options.string("regex"), problems);
        if (regex == null) return null;
        TopicReplacement replacement = replacement(at + ".replacement", regex, options.string("replacement"), problems);
        return replacement == null ? null : new TopicRoute.Rewrite(regex, replacement);
    }

    private static TopicRoute routes(Options options, List<ConfigProblem> problems) {
        String at = options.keyPath();
        List<Map<String, Object>> raw = options.objectList("routes");
        List<TopicRoute.Entry> entries = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String path = at + ".routes[" + i + "]";
            Map<String, Object> route = raw.get(i);
            for (String key : route.keySet()) {
                if (!ROUTE_KEYS.contains(key)) {
                    problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'",
                            "a route has pattern and topic"));
                }
            }
            String pattern = text(route, "pattern", path, problems);
            String topic = text(route, "topic", path, problems);
            if (pattern == null || topic == null) continue;
            Pattern regex = compile(path + ".pattern", pattern, problems);
            if (regex == null) continue;
            TopicReplacement replacement = replacement(path + ".topic", regex, topic, problems);
            if (replacement != null) entries.add(new TopicRoute.Entry(regex, replacement));
        }
        String defaultTopic = options.optionalString("default_topic").orElse(null);
        if (defaultTopic != null) constantTopic(at + ".default_topic", defaultTopic, problems);
        return new TopicRoute.Routes(List.copyOf(entries), defaultTopic);
    }

    private static String text(Map<String, Object> route, String key, String path, List<ConfigProblem> problems) {
        Object value = route.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            problems.add(new ConfigProblem(path + "." + key, "a route needs " + key + " (a string)", null));
            return null;
        }
        return value.toString();
    }

    private static Pattern compile(String path, String regex, List<ConfigProblem> problems) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(new ConfigProblem(path, "not a valid regex: " + e.getDescription() + " at index " + e.getIndex(),
                    "escape special characters with \\\\"));
            return null;
        }
    }

    private static TopicReplacement replacement(String path, Pattern regex, String text, List<ConfigProblem> problems) {
        TopicReplacement replacement;
        try {
            replacement = TopicReplacement.check(regex, text);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, "not a valid replacement: " + e.getMessage(),
                    "groups are $1, $2 or ${name}; write \\$ for a literal $"));
            return null;
        }
        if (replacement.constant() != null) constantTopic(path, replacement.constant(), problems);
        return replacement;
    }

    private static void constantTopic(String path, String topic, List<ConfigProblem> problems) {
        String problem = OptionRule.topicNameProblem(topic);
        if (problem != null) {
            problems.add(new ConfigProblem(path, "'" + topic + "' is not a valid Kafka topic name: " + problem, null));
        }
    }
}
