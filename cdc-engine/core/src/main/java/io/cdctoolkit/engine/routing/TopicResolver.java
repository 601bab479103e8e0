package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a table's identity into a legal Kafka topic name ({@code [A-Za-z0-9._-]}, at most 249
 * characters, never {@code .} or {@code ..}) by a pattern such as {@code cdc.{schema}.{table}} and
 * the normalization rules of {@code docs/topic-routing.md}. The same table always yields the same
 * topic, on every run and machine.
 *
 * <pre>{@code
 * TopicResolver resolver = TopicResolver.builder("{database}.{schema}.{table}")
 *     .caseConversion(CaseConversion.SNAKE_CASE).avroCompatible(true).stripPrefixes("dbo_").build();
 * String topic = resolver.resolve(new TableId("SalesDB", "dbo_MySchema", "UserProfiles"));
 * // sales_db.my_schema.user_profiles
 * }</pre>
 *
 * A missing database or schema (MySQL has no schema level) becomes {@code _unknown_}. Immutable and
 * thread-safe; the pattern is compiled once and topics are memoized per table (bounded).
 */
public final class TopicResolver {

    /** Kafka's longest legal topic name. */
    public static final int MAX_TOPIC_LENGTH = 249;
    /** How much of an over-long name is kept before {@code _} and the 8-digit hash. */
    static final int TRUNCATED_PREFIX_LENGTH = 240;
    /**
     * Memo size cap: a source has a bounded set of tables, but nothing stops a caller from resolving
     * arbitrary ids, so past the cap topics are computed without being remembered.
     */
    private static final int MEMO_LIMIT = 10_000;

    private final TopicPattern pattern;
    private final IdentifierNormalizer normalizer;
    private final OnCollision onCollision;
    private final ConcurrentHashMap<TableId, String> memo = new ConcurrentHashMap<>();

    private TopicResolver(TopicPattern pattern, IdentifierNormalizer normalizer, OnCollision onCollision) {
        this.pattern = pattern;
        this.normalizer = normalizer;
        this.onCollision = onCollision;
    }

    /** A builder for {@code pattern}; the pattern is validated by {@link Builder#build()}. */
    public static Builder builder(String pattern) {
        return new Builder(pattern);
    }

    /** The topic for {@code table}. */
    public String resolve(TableId table) {
        String topic = memo.get(table);
        if (topic != null) return topic;
        topic = truncate(untruncated(table));
        if (memo.size() < MEMO_LIMIT) memo.putIfAbsent(table, topic);
        return topic;
    }

    /** The topic for {@code table} with whether it was truncated, for the {@code topics} dry run. */
    public Resolution resolveDetailed(TableId table) {
        String full = untruncated(table);
        String topic = truncate(full);
        return new Resolution(topic, full.length() > MAX_TOPIC_LENGTH, full);
    }

    /** The pattern this resolver was built from. */
    public TopicPattern pattern() {
        return pattern;
    }

    /** Whether two tables sharing a topic is an error or a warning (see {@link TopicCollisions}). */
    public OnCollision onCollision() {
        return onCollision;
    }

    private String untruncated(TableId table) {
        Objects.requireNonNull(table, "table");
        StringBuilder topic = new StringBuilder(64);
        for (Part part : pattern.parts()) {
            part.appendTo(topic, table, normalizer);
        }
        return topic.toString();
    }

    /**
     * {@code name} if it fits, else its first 240 characters, {@code _} and the 8 lower-case hex
     * digits of the unsigned 32-bit {@link String#hashCode()} of the whole name: exactly 249
     * characters. {@code String.hashCode} is specified by the JLS, so the result is the same everywhere.
     */
    static String truncate(String name) {
        if (name.length() <= MAX_TOPIC_LENGTH) return name;
        String hash = Integer.toHexString(name.hashCode());
        return name.substring(0, TRUNCATED_PREFIX_LENGTH) + "_" + "0".repeat(8 - hash.length()) + hash;
    }

    @Override
    public String toString() {
        return "TopicResolver[pattern=" + pattern + ", " + normalizer + ", onCollision=" + onCollision.configName() + "]";
    }

    /** Builds a {@link TopicResolver}; defaults as in the config (no conversion, '_', no stripping). */
    public static final class Builder {
        private final String pattern;
        private CaseConversion caseConversion = CaseConversion.NONE;
        private boolean avroCompatible;
        private List<String> stripPrefixes = List.of();
        private List<String> stripSuffixes = List.of();
        private char replacement = '_';
        private boolean unicodeEscape;
        private OnCollision onCollision = OnCollision.ERROR;

        private Builder(String pattern) {
            this.pattern = pattern;
        }

        /** How placeholder values' case is changed; default {@link CaseConversion#NONE}. */
        public Builder caseConversion(CaseConversion conversion) {
            this.caseConversion = Objects.requireNonNull(conversion, "conversion");
            return this;
        }

        /** Avro-safe placeholder values ({@code [A-Za-z_][A-Za-z0-9_]*}); default false. */
        public Builder avroCompatible(boolean enabled) {
            this.avroCompatible = enabled;
            return this;
        }

        /** Prefixes removed from placeholder values, case-insensitively, each tried once in order. */
        public Builder stripPrefixes(String... prefixes) {
            this.stripPrefixes = List.of(prefixes);
            return this;
        }

        /** Suffixes removed from placeholder values (after prefixes), case-insensitively, in order. */
        public Builder stripSuffixes(String... suffixes) {
            this.stripSuffixes = List.of(suffixes);
            return this;
        }

        /**
         * The character that replaces each invalid character: {@code '_'} (default) or {@code '-'}.
         *
         * @throws IllegalArgumentException for any other character
         */
        public Builder replacement(char c) {
            if (c != '_' && c != '-') {
                throw new IllegalArgumentException("replacement must be '_' or '-', not '" + c + "'");
            }
            this.replacement = c;
            return this;
        }

        /** Replace invalid characters by {@code _u} and their 4-hex-digit UTF-16 unit; default false. */
        public Builder unicodeEscape(boolean enabled) {
            this.unicodeEscape = enabled;
            return this;
        }

        /** Whether tables sharing a topic is an error (default) or a warning. */
        public Builder onCollision(OnCollision setting) {
            this.onCollision = Objects.requireNonNull(setting, "setting");
            return this;
        }

        /**
         * The resolver.
         *
         * @throws InvalidTopicPatternException when the pattern is invalid, naming each problem and its column
         */
        public TopicResolver build() {
            TopicPattern compiled = TopicPattern.parse(pattern);
            return new TopicResolver(compiled, new IdentifierNormalizer(stripPrefixes, stripSuffixes, caseConversion,
                    avroCompatible, replacement, unicodeEscape), onCollision);
        }
    }
}
