package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class TopicPatternTest {

    @ParameterizedTest
    @ValueSource(strings = {"cdc.{schema}.{table}", "{database}.{schema}.{table}", "{table}", "cdc-events_v1",
            "a.{table}.{table}", "...", "{database}{table}"})
    void acceptsValidPatterns(String pattern) {
        assertThat(TopicPattern.validate(pattern)).isEmpty();
        assertThat(TopicPattern.parse(pattern).text()).isEqualTo(pattern);
    }

    @Test
    void emptyPattern() {
        assertThat(TopicPattern.validate("")).extracting(PatternProblem::column, PatternProblem::message)
                .containsExactly(tuple(1, "the topic pattern is empty"));
        assertThat(TopicPattern.validate(null)).hasSize(1);
    }

    @Test
    void unclosedBrace() {
        assertThat(TopicPattern.validate("cdc.{table")).extracting(PatternProblem::column, PatternProblem::message)
                .containsExactly(tuple(5, "'{' is never closed"));
    }

    @Test
    void braceOpenedTwice() {
        assertThat(TopicPattern.validate("cdc.{sch{table}")).extracting(PatternProblem::column, PatternProblem::message)
                .containsExactly(tuple(5, "'{' is never closed"));
    }

    @Test
    void strayClosingBrace() {
        assertThat(TopicPattern.validate("cdc}.{table}")).extracting(PatternProblem::column, PatternProblem::message)
                .containsExactly(tuple(4, "'}' has no matching '{'"));
    }

    @Test
    void unknownPlaceholderSuggestsTheClosest() {
        assertThat(TopicPattern.validate("cdc.{tabel}")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.message()).isEqualTo("unknown placeholder {tabel}");
            assertThat(p.fix()).startsWith("did you mean {table}?");
        });
        assertThat(TopicPattern.validate("{topic_prefix}.{table}")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("use {database}, {schema} or {table}"));
        assertThat(TopicPattern.validate("{}")).extracting(PatternProblem::message)
                .containsExactly("unknown placeholder {}");
    }

    @Test
    void placeholdersAreCaseSensitive() {
        assertThat(TopicPattern.validate("{Table}")).singleElement()
                .satisfies(p -> assertThat(p.fix()).startsWith("did you mean {table}?"));
    }

    @Test
    void invalidLiteralCharactersNameTheCharacterAndColumn() {
        assertThat(TopicPattern.validate("cdc/{table} x")).extracting(PatternProblem::column, PatternProblem::message)
                .containsExactly(tuple(4, "character '/' (U+002F) is not allowed"),
                        tuple(12, "character U+0020 (space) is not allowed"));
    }

    @Test
    void columnsCountCharactersNotUtf16Units() {
        assertThat(TopicPattern.validate("😀é")).extracting(PatternProblem::column).containsExactly(1, 2);
    }

    @Test
    void dotAndDotDotAreNotTopics() {
        assertThat(TopicPattern.validate(".")).extracting(PatternProblem::message)
                .containsExactly("'.' is not a legal Kafka topic name");
        assertThat(TopicPattern.validate("..")).extracting(PatternProblem::message)
                .containsExactly("'..' is not a legal Kafka topic name");
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        assertThat(TopicPattern.validate("c d.{tbl}.{schema")).extracting(PatternProblem::column)
                .containsExactly(2, 5, 11);
    }

    @Test
    void builderRejectsAnInvalidPatternWithAClearMessage() {
        assertThatThrownBy(() -> TopicResolver.builder("cdc.{tabel}").build())
                .isInstanceOf(InvalidTopicPatternException.class)
                .hasMessage("invalid topic pattern 'cdc.{tabel}': column 5: unknown placeholder {tabel}"
                        + " (did you mean {table}? use {database}, {schema} or {table})");
    }

    @Test
    void fixedPatternIsOneTopicForEveryTable() {
        TopicResolver resolver = TopicResolver.builder("cdc.all-events").caseConversion(CaseConversion.UPPER).build();
        assertThat(resolver.pattern().isFixed()).isTrue();
        assertThat(resolver.resolve(new TableId("a", "b", "c"))).isEqualTo("cdc.all-events");
        assertThat(resolver.resolve(new TableId("x", null, "y"))).isEqualTo("cdc.all-events");
        assertThat(TopicPattern.parse("cdc.{table}").isFixed()).isFalse();
    }
}
