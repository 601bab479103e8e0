package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnFiltersTest {

    private static final TableId USERS = new TableId("app", "public", "users");
    private static final TableId MYSQL_USERS = new TableId("shop", null, "users");

    @Test
    void includeKeepsOnlyListedColumnsAndExcludeDropsMatches() throws Exception {
        ColumnFilters filters = ColumnFilters.parse("k", Map.of(
                "public.users", Map.of("include", List.of("id", "email", "name_*")),
                "*.users", Map.of("exclude", List.of("name_secret"))));
        ColumnSelection users = filters.forTable(USERS);
        assertThat(List.of("id", "email", "name_first", "name_secret", "password_hash"))
                .filteredOn(users::includes).containsExactly("id", "email", "name_first");
        assertThat(filters.forTable(new TableId("app", "public", "orders")).includes("anything")).isTrue();
    }

    @Test
    void mySqlTablesAreKeyedByDatabase() throws Exception {
        ColumnFilters filters = ColumnFilters.parse("k", Map.of("shop.users", Map.of("exclude", "password")));
        assertThat(filters.forTable(MYSQL_USERS).includes("password")).isFalse();
        assertThat(filters.forTable(MYSQL_USERS).includes("id")).isTrue();
    }

    @Test
    void globDotsAreLiteral() throws Exception {
        ColumnFilters filters = ColumnFilters.parse("k", Map.of("public.users", Map.of("exclude", List.of("a.b"))));
        assertThat(filters.forTable(USERS).includes("aXb")).isTrue();
        assertThat(filters.forTable(new TableId("app", "publicXusers", "t")).includes("a.b")).isTrue();
    }

    @Test
    void malformedEntriesAreReportedWithTheirKeyPaths() {
        assertThatThrownBy(() -> ColumnFilters.parse("sources.pg.config.column_filters", Map.of(
                "public.users", Map.of("inclde", List.of("id")),
                "public.orders", "id")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath)
                        .containsExactlyInAnyOrder("sources.pg.config.column_filters.public.users.inclde",
                                "sources.pg.config.column_filters.public.orders"));
    }
}
