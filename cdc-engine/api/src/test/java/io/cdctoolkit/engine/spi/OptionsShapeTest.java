package io.cdctoolkit.engine.spi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A value of the wrong shape is told as what was found, then what the option takes — each said once. */
class OptionsShapeTest {

    private static final List<OptionSpec> SPECS = List.of(
            OptionSpec.stringList("spec").doc("field:type pairs").build(),
            OptionSpec.string("path").doc("a file").build(),
            OptionSpec.map("custom_fields").doc("constant columns").build(),
            OptionSpec.objectList("transforms").doc("transforms").build());

    private static String problem(Map<String, ?> raw) {
        try {
            Options.of("sources.gen.config", SPECS, raw);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + raw);
    }

    @Test
    void aMappingWhereAListBelongsSaysSoOnce() {
        assertThat(problem(Map.of("spec", Map.of("age", "int8"))))
                .isEqualTo("sources.gen.config.spec: got a mapping (expected a list of strings, e.g. [a, b])");
        assertThat(problem(Map.of("spec", List.of("age:int8", Map.of("x", 1)))))
                .isEqualTo("sources.gen.config.spec: entry 1 is a mapping (expected a list of strings, e.g. [a, b])");
    }

    @Test
    void anOptionsOwnFixForTheWrongShapeReplacesWhatTheTypeExpects() {
        List<OptionSpec> specs = List.of(OptionSpec.stringList("spec").wrongShapeFix("a mapping goes under specs").build());
        assertThatThrownBy(() -> Options.of("t.config", specs, Map.of("spec", Map.of("age", "int8"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.config.spec: got a mapping (a mapping goes under specs)");
    }

    @Test
    void everyShapeMismatchNamesWhatWasFound() {
        assertThat(problem(Map.of("path", List.of("a", "b"))))
                .isEqualTo("sources.gen.config.path: got a list (expected string)");
        assertThat(problem(Map.of("custom_fields", "env")))
                .isEqualTo("sources.gen.config.custom_fields: got a single value (expected a mapping (key: value lines))");
        assertThat(problem(Map.of("transforms", List.of(Map.of("type", "cast"), "flatten"))))
                .isEqualTo("sources.gen.config.transforms: entry 1 is a single value (expected a list of mappings)");
    }

    @Test
    void aSingleValueOfTheWrongShapeIsNotEchoed() {
        assertThat(problem(Map.of("custom_fields", "hunter2-secret"))).doesNotContain("hunter2");
    }

    @Test
    void aSingleStringStillCountsAsAOneEntryList() throws ConfigException {
        assertThat(Options.of("sources.gen.config", SPECS, Map.of("spec", "age:int8")).stringList("spec"))
                .isEqualTo(List.of("age:int8"));
    }
}
