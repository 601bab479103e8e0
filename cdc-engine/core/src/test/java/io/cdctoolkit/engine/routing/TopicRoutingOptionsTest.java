package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicRoutingOptionsTest {

    private static final String KEY_PATH = "sources.pg.config";
    private static final TableId SALES = new TableId("SalesDB", "dbo_MySchema", "UserProfiles");

    /** A reader's spec: its own options plus the routing ones. */
    private static final List<OptionSpec> READER_OPTIONS = Stream.concat(
            Stream.of(OptionSpec.string("host").defaultValue("localhost").build()),
            TopicRoutingOptions.OPTIONS.stream()).toList();

    private static Options options(Map<String, ?> raw) throws ConfigException {
        return Options.of(KEY_PATH, READER_OPTIONS, raw);
    }

    @Test
    void bindsEveryNormalizationOption() throws ConfigException {
        Options opts = options(Map.of(
                "topic_routing", "{database}.{schema}.{table}",
                "normalization", Map.of(
                        "case_conversion", "snake_case",
                        "avro_compatible", true,
                        "strip_prefixes", List.of("dbo_"),
                        "strip_suffixes", "profiles",
                        "replacement", "-",
                        "unicode_escape", false,
                        "on_collision", "warn")));

        TopicResolver resolver = TopicRoutingOptions.fromOptions(opts, TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA, null);

        assertThat(resolver.resolve(SALES)).isEqualTo("sales_db.my_schema.user");
        assertThat(resolver.resolve(new TableId("db", "s", "a@b"))).isEqualTo("db.s.a_b"); // '-', then avro makes it '_'
        assertThat(resolver.onCollision()).isEqualTo(OnCollision.WARN);
    }

    @Test
    void unicodeEscapeAndDashReplacementFromConfig() throws ConfigException {
        TopicResolver escaping = TopicRoutingOptions.fromOptions(options(Map.of("topic_routing", "cdc.{table}",
                "normalization", Map.of("unicode_escape", "true"))), "{table}", null);
        assertThat(escaping.resolve(new TableId("d", "s", "user@data"))).isEqualTo("cdc.user_u0040data");

        TopicResolver dashing = TopicRoutingOptions.fromOptions(options(Map.of("topic_routing", "cdc.{table}",
                "normalization", Map.of("replacement", "-"))), "{table}", null);
        assertThat(dashing.resolve(new TableId("d", "s", "user data"))).isEqualTo("cdc.user-data");
    }

    @Test
    void defaultsWhenNothingIsSet() throws ConfigException {
        TopicResolver pg = TopicRoutingOptions.fromOptions(options(Map.of()),
                TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA, null);
        assertThat(pg.resolve(SALES)).isEqualTo("SalesDB.dbo_MySchema.UserProfiles");
        assertThat(pg.onCollision()).isEqualTo(OnCollision.ERROR);

        TopicResolver mysql = TopicRoutingOptions.fromOptions(options(Map.of()),
                TopicRoutingOptions.DEFAULT_PATTERN_WITHOUT_SCHEMA, " ");
        assertThat(mysql.resolve(new TableId("shop", null, "orders"))).isEqualTo("shop.orders");
    }

    @Test
    void sourceTopicIsTheFallbackWhenNoPatternIsSet() throws ConfigException {
        TopicResolver resolver = TopicRoutingOptions.fromOptions(options(Map.of()),
                TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA, "cdc.default");
        assertThat(resolver.resolve(SALES)).isEqualTo("cdc.default");
    }

    @Test
    void patternWinsOverTheSourceTopic() throws ConfigException {
        TopicResolver resolver = TopicRoutingOptions.fromOptions(options(Map.of("topic_routing", "cdc.{table}")),
                TopicRoutingOptions.DEFAULT_PATTERN_WITH_SCHEMA, "cdc.default");
        assertThat(resolver.resolve(SALES)).isEqualTo("cdc.UserProfiles");
    }

    @Test
    void invalidPatternIsAConfigErrorAtTheTopicRoutingKey() throws ConfigException {
        Options opts = options(Map.of("topic_routing", "cdc.{tabel} x"));
        assertThatThrownBy(() -> TopicRoutingOptions.fromOptions(opts, "{table}", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("sources.pg.config.topic_routing",
                                        "topic_routing 'cdc.{tabel} x' at column 5: unknown placeholder {tabel}"),
                                org.assertj.core.groups.Tuple.tuple("sources.pg.config.topic_routing",
                                        "topic_routing 'cdc.{tabel} x' at column 12: character U+0020 (space) is not allowed")))
                .hasMessageContaining("did you mean {table}?");
    }

    @Test
    void invalidFallbackTopicIsReportedAtTheSourceTopicKey() throws ConfigException {
        Options opts = options(Map.of());
        assertThatThrownBy(() -> TopicRoutingOptions.fromOptions(opts, "{table}", "cdc events"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("sources.pg.topic");
                            assertThat(p.message()).contains("the source's topic", "'cdc events'", "column 4");
                        }));
    }

    @Test
    void unknownCaseConversionIsRejectedAtConfigLoad() {
        assertThatThrownBy(() -> options(Map.of("normalization", Map.of("case_conversion", "camelCase"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("sources.pg.config.normalization.case_conversion");
                            assertThat(p.fix()).contains("snake_case", "kebab-case");
                        }));
    }

    @Test
    void unknownNormalizationKeyGetsADidYouMean() {
        assertThatThrownBy(() -> options(Map.of("normalization", Map.of("strip_prefix", List.of("dbo_")))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("sources.pg.config.normalization.strip_prefix");
                            assertThat(p.fix()).isEqualTo("did you mean strip_prefixes");
                        }));
    }

    @Test
    void replacementMustBeUnderscoreOrDash() {
        assertThatThrownBy(() -> options(Map.of("normalization", Map.of("replacement", "."))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.keyPath()).isEqualTo("sources.pg.config.normalization.replacement")));
    }
}
