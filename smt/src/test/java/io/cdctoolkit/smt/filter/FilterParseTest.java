package io.cdctoolkit.smt.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FilterParseTest {

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("a = 1 and (b = 2", 17, "expected ')' at column 17 (end of input)"),
                Arguments.of("a => 1", 3, "unknown operator '=>' at column 3"),
                Arguments.of("amount =< 5", 8, "unknown operator '=<' at column 8"),
                Arguments.of("status = ", 10, "expected a literal at column 10 (end of input)"),
                Arguments.of("a = 1 b = 2", 7, "expected 'and', 'or' or end of expression at column 7, found 'b'"),
                Arguments.of("(a = 1))", 8, "expected end of expression (unbalanced ')') at column 8, found ')'"),
                Arguments.of("a in 1", 6, "expected '(' after 'in' at column 6, found '1'"),
                Arguments.of("a in (1 2)", 9, "expected ',' or ')' at column 9, found '2'"),
                Arguments.of("a in ()", 7, "expected a literal at column 7, found ')'"),
                Arguments.of("a like 5", 8, "expected a quoted pattern after 'like' at column 8, found '5'"),
                Arguments.of("a is nul", 6, "expected 'null' or 'not null' at column 6, found 'nul'"),
                Arguments.of("a is not 1", 10, "expected 'null' at column 10, found '1'"),
                Arguments.of("a not between 1", 7, "expected 'in', 'like' or 'matches' after 'not' at column 7, found 'between'"),
                Arguments.of("= 1", 1, "expected a field name, 'not' or '(' at column 1, found '='"),
                Arguments.of("not", 4, "expected a field name, 'not' or '(' at column 4 (end of input)"),
                Arguments.of("", 1, "expected a field name, 'not' or '(' at column 1 (end of input)"),
                Arguments.of("a and b = 1", 3, "expected an operator (=, !=, <, <=, >, >=, in, not in, like, matches, is) at column 3, found 'and'"),
                Arguments.of("a = 'abc", 5, "unterminated string starting at column 5"),
                Arguments.of("a = \"it\"\"s", 5, "unterminated string starting at column 5"),
                Arguments.of("a = 1 # x", 7, "unexpected character '#' at column 7"),
                Arguments.of("a = 12abc", 5, "malformed number at column 5"),
                Arguments.of("a = 1.2.3", 5, "malformed number at column 5"),
                Arguments.of("`a = 1", 1, "unterminated `name` starting at column 1"),
                Arguments.of("a = 1 and", 10, "expected a field name, 'not' or '(' at column 10 (end of input)"),
                Arguments.of("name matches '[a-'", 14, "invalid regular expression at column 14"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("syntaxErrors")
    void syntaxErrorsNameTheColumnAndWhatWasExpected(String text, int column, String message) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class, () -> FilterExpression.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.getMessage()).startsWith(message);
    }

    @Test
    void errorsQuoteOnlyTheOffendingToken() {
        assertThatThrownBy(() -> FilterExpression.parse("ssn = '123-45-6789' and oops 7"))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageNotContaining("123-45-6789")
                .hasMessageContaining("found '7'");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        FilterNode root = FilterExpression.parse("a = 1 or b = 2 and not c = 3").root();
        assertThat(root).isInstanceOf(FilterNode.Or.class);
        FilterNode.Or or = (FilterNode.Or) root;
        assertThat(((FilterNode.Comparison) or.left()).path().text()).isEqualTo("a");
        FilterNode.And and = (FilterNode.And) or.right();
        assertThat(((FilterNode.Comparison) and.left()).path().text()).isEqualTo("b");
        FilterNode.Not not = (FilterNode.Not) and.right();
        assertThat(((FilterNode.Comparison) not.operand()).path().text()).isEqualTo("c");
        assertThat(not.column()).isEqualTo(20);
    }

    @Test
    void parenthesesOverridePrecedenceAndSameLevelIsLeftAssociative() {
        FilterNode root = FilterExpression.parse("(a = 1 or b = 2) and c = 3 and d = 4").root();
        FilterNode.And outer = (FilterNode.And) root;
        assertThat(((FilterNode.Comparison) outer.right()).path().text()).isEqualTo("d");
        FilterNode.And inner = (FilterNode.And) outer.left();
        assertThat(inner.left()).isInstanceOf(FilterNode.Or.class);
    }

    @Test
    void keywordsAreCaseInsensitive() {
        FilterNode root = FilterExpression.parse("A = 1 AND NOT b IS NOT NULL Or c NOT IN (1) and d LIKE 'x'").root();
        assertThat(root).isInstanceOf(FilterNode.Or.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "x = 'it''s'            | it's",
            "x = \"say \"\"hi\"\"\" | say \"hi\"",
            "x = ''                 | ''",
            "x = 'a\\b'             | a\\b",
            "x = \"it's\"           | it's"})
    void quotedStringsUnescapeDoubledQuotes(String text, String expected) {
        Literal literal = ((FilterNode.Comparison) FilterExpression.parse(text).root()).literal();
        assertThat(literal).isEqualTo(new Literal.Text(expected == null ? "" : expected, false, 5));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "x = 42        | 42",
            "x = -7        | -7",
            "x = +7        | 7",
            "x = 10.50     | 10.50",
            "x = -1.5e3    | -1.5E+3",
            "x = 2E-2      | 0.02",
            "x = 9223372036854775808 | 9223372036854775808"})
    void numbersStayExact(String text, String expected) {
        Literal literal = ((FilterNode.Comparison) FilterExpression.parse(text).root()).literal();
        assertThat(literal).isInstanceOf(Literal.Number.class);
        assertThat(((Literal.Number) literal).value()).isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void keywordLiteralsAndBareWords() {
        assertThat(literalOf("x = TRUE")).isEqualTo(new Literal.Bool(true, 5));
        assertThat(literalOf("x = false")).isEqualTo(new Literal.Bool(false, 5));
        assertThat(literalOf("x = Null")).isEqualTo(new Literal.Null(5));
        assertThat(literalOf("status = active")).isEqualTo(new Literal.Text("active", true, 10));
        assertThat(literalOf("status=active")).isEqualTo(new Literal.Text("active", true, 8));
    }

    @Test
    void pathsSplitOnDotsAndBackQuotesKeepNamesWhole() {
        FilterNode.Path path = ((FilterNode.Comparison) FilterExpression.parse("a.b.c = 1").root()).path();
        assertThat(path.segments()).containsExactly("a", "b", "c");
        FilterNode.Path quoted = ((FilterNode.Comparison) FilterExpression.parse("`weird.name`.`and` = 1").root()).path();
        assertThat(quoted.segments()).containsExactly("weird.name", "and");
    }

    @Test
    void inListKeepsEveryLiteralInOrder() {
        FilterNode.In in = (FilterNode.In) FilterExpression.parse("x not in (1, 'a', null, true)").root();
        assertThat(in.negated()).isTrue();
        assertThat(in.values()).extracting(v -> v.getClass().getSimpleName())
                .isEqualTo(List.of("Number", "Text", "Null", "Bool"));
    }

    private static Literal literalOf(String text) {
        return ((FilterNode.Comparison) FilterExpression.parse(text).root()).literal();
    }
}
