package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.OptionRule;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How {@code regex_router} chooses a topic: Kafka's topic rewrite or rivven's table routes. */
sealed interface TopicRoute {

    /**
     * The topic for an event of {@code table} currently on {@code topic}.
     *
     * @return the outcome; its topic is null when the event keeps its topic
     */
    Outcome route(TableId table, String topic);

    /** What the cache is keyed on: the topic (Kafka form) or the table (rivven form). */
    Object cacheKey(TableId table, String topic);

    /** The option a bad result is blamed on. */
    String option();

    /**
     * A routing result.
     *
     * @param topic   the new topic, or null to keep the event's topic
     * @param problem why the new topic is not a legal Kafka topic name, or null
     */
    record Outcome(String topic, String problem) {
        static final Outcome KEEP = new Outcome(null, null);

        static Outcome of(String topic) {
            return new Outcome(topic, OptionRule.topicNameProblem(topic));
        }
    }

    /**
     * Kafka's RegexRouter: when {@code regex} matches the whole topic, the topic becomes
     * {@code matcher.replaceFirst(replacement)} — exactly Kafka's call, so a regex whose first
     * {@code find()} differs from the full match rewrites as Kafka does.
     */
    record Rewrite(Pattern regex, TopicReplacement replacement) implements TopicRoute {
        @Override
        public Outcome route(TableId table, String topic) {
            Matcher m = regex.matcher(topic);
            if (!m.matches()) return Outcome.KEEP;
            return Outcome.of(m.replaceFirst(replacement.text()));
        }

        @Override
        public Object cacheKey(TableId table, String topic) {
            return topic;
        }

        @Override
        public String option() {
            return "replacement";
        }
    }

    /**
     * rivven's routes: the first pattern found in {@code schema.table} ({@code database.table} when
     * the source has no schema) gives the topic, else {@code defaultTopic}, else the topic is kept.
     */
    record Routes(List<Entry> entries, String defaultTopic) implements TopicRoute {
        @Override
        public Outcome route(TableId table, String topic) {
            String qualified = qualified(table);
            for (Entry e : entries) {
                Matcher m = e.pattern().matcher(qualified);
                if (m.find()) return Outcome.of(e.topic().expand(m));
            }
            return defaultTopic == null ? Outcome.KEEP : Outcome.of(defaultTopic);
        }

        @Override
        public Object cacheKey(TableId table, String topic) {
            return table; // KEEP does not name a topic, so the outcome depends on the table alone
        }

        @Override
        public String option() {
            return "routes";
        }

        static String qualified(TableId table) {
            String prefix = table.schema() != null ? table.schema() : table.database();
            return prefix == null ? table.table() : prefix + "." + table.table();
        }
    }

    /** One route: a regex searched in the table name, the topic (may use the regex's groups). */
    record Entry(Pattern pattern, TopicReplacement topic) {
    }
}
