package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubstitutorTest {

    private static final Map<String, String> ENV = Map.of("HOST", "db", "PORT", "5432", "EMPTY", "",
            "TRICKY", "p${ass}");

    private final Substitutor substitutor = new Substitutor(ENV, null);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "${HOST}|db",
            "${HOST}:${PORT}|db:5432",
            "jdbc://${HOST:-x}/app|jdbc://db/app",
            "${MISSING:-fallback}|fallback",
            "${MISSING:-}|''",
            "${EMPTY:-fallback}|fallback",
            "${EMPTY}|''",
            "$${HOST}|${HOST}",
            "cost: $5|cost: $5",
            "${TRICKY}|p${ass}",
            "${MISSING:-a:-b}|a:-b",
    })
    void substitutes(String text, String expected) {
        Problems problems = new Problems();
        assertThat(substitutor.substitute(text, "k", problems)).isEqualTo(expected);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void everyUnsetVariableOfAValueIsReported() {
        Problems problems = new Problems();
        String result = substitutor.substitute("${USER_A}@${HOST}/${USER_B}", "sinks.k.config.url", problems);

        assertThat(result).as("left as written").isEqualTo("${USER_A}@${HOST}/${USER_B}");
        assertThat(problems.all()).extracting(ConfigProblem::message).containsExactly(
                "environment variable USER_A is not set", "environment variable USER_B is not set");
        assertThat(problems.all()).extracting(ConfigProblem::keyPath).containsOnly("sinks.k.config.url");
    }

    @Test
    void unclosedPlaceholderIsAProblem() {
        Problems problems = new Problems();
        substitutor.substitute("${HOST", "a.b", problems);
        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("not closed");
            assertThat(p.fix()).contains("$${");
        });
    }

    @Test
    void nestedValuesAreSubstitutedWithTheirKeyPaths() {
        Problems problems = new Problems();
        Object out = substitutor.apply(Map.of("list", List.of("${HOST}", 7, Map.of("x", "${NOPE}"))), "root", problems);

        assertThat(out).isEqualTo(Map.of("list", List.of("db", 7, Map.of("x", "${NOPE}"))));
        assertThat(problems.all()).singleElement()
                .satisfies(p -> assertThat(p.keyPath()).isEqualTo("root.list[2].x"));
    }
}
