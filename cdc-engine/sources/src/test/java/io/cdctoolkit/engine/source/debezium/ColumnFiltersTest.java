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
    /**
     * The parts of the filters that match nothing among the captured tables: a table key of no table (unqualified,
     * misspelt), a column glob of no column of the rule's tables; a glob matching a column of any one of its tables is
     * not one. The oracle is {@link ColumnFilters#forTable}: each reported part filters no column of those tables.
     */
    @Test
    void partsThatMatchNoTableOrColumnAreFound() throws Exception {
        java.util.LinkedHashMap<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("public.users", Map.of("exclude", List.of("password_hsh", "email")));
        raw.put("users", Map.of("exclude", List.of("email")));
        raw.put("public.*", Map.of("include", List.of("id", "name_*", "nme")));
        raw.put("public.user", Map.of("exclude", List.of("email")));
        ColumnFilters filters = ColumnFilters.parse("k", raw);
        List<io.cdctoolkit.engine.spi.DiscoveredTable> captured = List.of(
                table(USERS, "id", "email", "password_hash"), table(new TableId("app", "public", "orders"), "id", "name_x"));

        List<ColumnFilters.Unmatched> unmatched = filters.unmatched(captured);

        assertThat(unmatched).extracting(u -> u.tableGlob() + " " + u.list() + " " + u.columnGlob()).containsExactly(
                "public.users exclude password_hsh", "users null null", "public.* include nme", "public.user null null");
        assertThat(unmatched.get(0).candidates()).containsExactly("id", "email", "password_hash");
        assertThat(unmatched.get(1).candidates()).containsExactly("public.users", "public.orders");
        // the misspelt exclude alone filters nothing: password_hash stays in
        assertThat(ColumnFilters.parse("k", Map.of("public.users", Map.of("exclude", List.of("password_hsh"))))
                .forTable(USERS).includes("password_hash")).isTrue();

        // The source qualifies the plain name users as include_tables would (public.users): no warning for it.
        assertThat(UnmatchedColumnFilters.check(POSTGRES, pgOptions(raw), captured)).hasValueSatisfying(c -> {
            assertThat(c.outcome()).isEqualTo(io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome.WARN);
            assertThat(c.message()).isEqualTo("column_filters public.users exclude password_hsh matches no column of"
                    + " the table (did you mean password_hash?); public.* include nme matches no column of its tables;"
                    + " key public.user matches no captured table (did you mean public.users?): they filter nothing"
                    + " out");
        });
        assertThat(UnmatchedColumnFilters.check(POSTGRES, pgOptions(Map.of("public.users",
                Map.of("exclude", List.of("password_*")))), captured)).isEmpty();
        // a plain name in another schema than the default one is still said: it filters nothing
        assertThat(UnmatchedColumnFilters.check(POSTGRES, pgOptions(Map.of("accounts",
                Map.of("exclude", List.of("email")))), List.of(table(new TableId("app", "crm", "accounts"), "id",
                "email")))).hasValueSatisfying(c -> assertThat(c.message()).isEqualTo("column_filters key accounts"
                + " matches no captured table (did you mean crm.accounts?): they filter nothing out"));
    }

    /**
     * A key that is a plain table name gets the default schema, as an include_tables entry does; a key with a glob
     * keeps matching the whole schema.table, so an exclude under "*" still covers every schema.
     */
    @Test
    void aPlainTableNameKeyIsQualifiedAndAGlobKeyIsNot() throws Exception {
        java.util.LinkedHashMap<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("users", Map.of("exclude", List.of("email")));
        raw.put("*", Map.of("exclude", List.of("ssn")));
        raw.put("audit_*", Map.of("exclude", List.of("payload")));
        ColumnFilters filters = ColumnFilters.parse("k", raw, name -> "public." + name);

        assertThat(filters.forTable(USERS).includes("email")).isFalse();
        assertThat(filters.forTable(new TableId("app", "crm", "users")).includes("email")).isTrue();
        assertThat(filters.forTable(new TableId("app", "crm", "people")).includes("ssn")).isFalse();
        assertThat(filters.forTable(new TableId("app", "public", "audit_log")).includes("payload")).isTrue();
        assertThat(filters.forTable(new TableId("app", "audit_2024", "log")).includes("payload")).isFalse();
        // unqualified as written, it matches no key: the plain name users is one only with the source's qualifier
        assertThat(ColumnFilters.parse("k", Map.of("users", Map.of("exclude", List.of("email"))))
                .forTable(USERS).includes("email")).isTrue();
    }

    private static final io.cdctoolkit.engine.source.postgres.PostgresSourceFactory POSTGRES =
            new io.cdctoolkit.engine.source.postgres.PostgresSourceFactory();

    private static io.cdctoolkit.engine.spi.Options pgOptions(Map<String, Object> columnFilters) throws Exception {
        return io.cdctoolkit.engine.spi.Options.of("sources.pg.config", POSTGRES.spec().options(),
                Map.of("host", "localhost", "database", "app", "user", "u", "column_filters", columnFilters));
    }

    private static io.cdctoolkit.engine.spi.DiscoveredTable table(TableId id, String... columns) {
        return new io.cdctoolkit.engine.spi.DiscoveredTable(id, java.util.Arrays.stream(columns)
                .map(c -> new io.cdctoolkit.engine.spi.DiscoveredTable.Column(c, "text", true)).toList(), List.of("id"));
    }
}
