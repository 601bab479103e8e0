package io.cdctoolkit.engine.source.backfill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhereConditionTest {

    @Test
    void oneExpressionPassesWhateverItsQuotesHold() {
        assertThat(WhereCondition.refusal("created_at >= '2026-12-01' AND (status = 'paid' OR note LIKE '%;)--%')"))
                .isNull();
        assertThat(WhereCondition.refusal("\"odd;)\" = 'it''s' AND v = E'a\\'; b'")).isNull();
        assertThat(WhereCondition.refusal("price$ > 1")).isNull();
    }

    @Test
    void whatWouldEndOrChangeTheStatementIsRefusedSayingWhere() {
        assertThat(WhereCondition.refusal("id > 1; DROP TABLE t")).isEqualTo("its ';' at character 7 would end the statement");
        assertThat(WhereCondition.refusal("true) UNION SELECT 1 FROM secret WHERE (true"))
                .isEqualTo("its ')' at character 5 closes more than it opened");
        assertThat(WhereCondition.refusal("id > 1 -- and")).startsWith("a comment at character 8");
        assertThat(WhereCondition.refusal("id > 1 /* x */")).startsWith("a comment at character 8");
        assertThat(WhereCondition.refusal("v = $$x$$")).startsWith("'$' at character 5");
        assertThat(WhereCondition.refusal("v = 'open")).isEqualTo("a quote (') is not closed");
        assertThat(WhereCondition.refusal("(id > 1")).isEqualTo("1 '(' not closed");
        assertThat(WhereCondition.refusal(" ")).isEqualTo("it is empty");
    }

    /** MySQL and MariaDB: backslash escapes in every string, backtick identifiers, {@code #} comments, {@code $} plain. */
    @Test
    void mysqlQuotesAndCommentsByItsOwnRules() {
        WhereCondition.Dialect mysql = WhereCondition.Dialect.MYSQL;
        assertThat(WhereCondition.refusal("v = 'a\\'; b' AND `odd;)` = \"it\\\"s\" AND price$ > 1", mysql)).isNull();
        assertThat(WhereCondition.refusal("v = 'a\\'; b'", WhereCondition.Dialect.POSTGRESQL))
                .as("no escape outside E'...' in PostgreSQL").isEqualTo("its ';' at character 9 would end the statement");
        assertThat(WhereCondition.refusal("id > 1 # and", mysql)).startsWith("a comment at character 8");
        assertThat(WhereCondition.refusal("id > 1 -- and", mysql)).startsWith("a comment at character 8");
        assertThat(WhereCondition.refusal("id > 1; DELETE FROM t", mysql))
                .isEqualTo("its ';' at character 7 would end the statement");
        assertThat(WhereCondition.refusal("`id > 1", mysql)).isEqualTo("a backtick (`) is not closed");
    }
}
