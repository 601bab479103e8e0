package io.cdctoolkit.engine.spi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionRuleTest {

    private static final List<OptionSpec> SPECS = List.of(
            OptionSpec.integer("partitions").min(1).build(),
            OptionSpec.integer("port").defaultValue(-1).rule(OptionRule.port()).build(),
            OptionSpec.string("name").notBlank().build(),
            OptionSpec.stringList("topics").rule(OptionRule.topicName()).build(),
            OptionSpec.object("nested", OptionSpec.longValue("limit").range(0, 10).build()).build());

    @Test
    void valuesThatBreakARuleAreReportedWithTheirKeyPathAfterSubstitution() {
        List<ConfigProblem> problems = OptionValidator.validate("sinks.k.config", SPECS, Map.of(
                "partitions", "-3", "port", 70000, "name", " ", "topics", List.of("ok.topic", "not ok"),
                "nested", Map.of("limit", 11)));

        assertThat(problems).extracting(p -> p.keyPath() + ": " + p.message()).containsExactlyInAnyOrder(
                "sinks.k.config.partitions: must be at least 1, got -3",
                "sinks.k.config.port: 70000 is not a port (1..65535)",
                "sinks.k.config.name: must not be empty",
                "sinks.k.config.topics[1]: topic name 'not ok' contains ' ', which Kafka does not allow",
                "sinks.k.config.nested.limit: must be between 0 and 10, got 11");
    }

    @Test
    void valuesThatMeetTheRulesPassAndDefaultsAreNotJudged() throws Exception {
        Options options = Options.of("x", SPECS, Map.of("partitions", 3, "name", "a", "topics", "cdc.db_1.t-2"));

        assertThat(options.integer("partitions")).isEqualTo(3);
        assertThat(options.integer("port")).isEqualTo(-1);
    }

    @Test
    void optionsOfRefusesWhatTheRulesRefuse() {
        assertThatThrownBy(() -> Options.of("x", SPECS, Map.of("partitions", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.partitions: must be at least 1, got 0");
    }

    @Test
    void topicNamesFollowKafkasRules() {
        assertThat(OptionRule.topicNameProblem("cdc.public.users")).isNull();
        assertThat(OptionRule.topicNameProblem("..")).isNotNull();
        assertThat(OptionRule.topicNameProblem("a".repeat(250))).contains("249");
        assertThat(OptionRule.topicNameProblem("ok/no")).contains("'/'");
    }

    @Test
    void rangesAreKnownToTheJsonSchemaAndCustomRulesSayWhatIsExpected() {
        assertThat(OptionRule.port().minimum()).isEqualTo(1L);
        assertThat(OptionRule.port().maximum()).isEqualTo(65535L);
        assertThat(OptionRule.atLeast(0).maximum()).isNull();
        OptionRule even = OptionRule.of("an even number", v -> ((Number) v).intValue() % 2 == 0 ? null : v + " is odd");
        List<ConfigProblem> problems = OptionValidator.validate("x", List.of(OptionSpec.integer("n").rule(even).build()),
                Map.of("n", 3));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("3 is odd");
            assertThat(p.fix()).isEqualTo("expected an even number");
        });
    }
}
