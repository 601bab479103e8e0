package io.cdctoolkit.smt.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SQL LIKE results (as PostgreSQL gives them, default backslash escape). */
class LikePatternTest {

    @ParameterizedTest(name = "''{0}'' like ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "abc         | abc        | true",
            "abcd        | abc        | false",
            "abc         | a%         | true",
            "abc         | %c         | true",
            "abc         | %b%        | true",
            "abc         | a_c        | true",
            "ac          | a_c        | false",
            "abbc        | a_c        | false",
            "\"\"        | %          | true",
            "\"\"        | _          | false",
            "\"\"        | \"\"       | true",
            "a           | \"\"       | false",
            "ABC         | abc        | false",
            "aaa         | %a%a%a%    | true",
            "aa          | %a%a%a%    | false",
            "mississippi | %iss%ppi   | true",
            "mississippi | m%iss%x    | false",
            "100%        | 100\\%     | true",
            "1000        | 100\\%     | false",
            "a_b         | a\\_b      | true",
            "axb         | a\\_b      | false",
            "a\\b        | a\\\\b     | true",
            "😀x         | _x         | true",
            "😀x         | __x        | false",
            "x😀         | x%         | true",
            "%%          | %%%        | true",
            "ab          | a%%b       | true"})
    void matchesLikeSql(String value, String pattern, boolean expected) {
        assertThat(LikePattern.compile(pattern, 1).matches(value))
                .isEqualTo(expected);
    }
}
