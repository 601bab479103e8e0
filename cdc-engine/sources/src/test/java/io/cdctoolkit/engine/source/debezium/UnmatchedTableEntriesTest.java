package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The include_tables and exclude_tables warnings; suggestions a misspelling away, judged on a table's own name. */
class UnmatchedTableEntriesTest {

    private static final List<String> SHOWN = List.of("shop.users", "shop.orders", "shop.order_lines");

    private static String message(String... include) {
        TableFilter filter = TableFilter.of(List.of(include), List.of(), UnaryOperator.identity());
        return UnmatchedTableEntries.includes(filter, SHOWN, "cdc", "").map(PrerequisiteCheck::message).orElse(null);
    }

    @Test
    void aNameAMisspellingAwayIsSuggestedAndAnotherNameOfTheSameSchemaIsNot() {
        assertThat(message("shop.ordrs")).isEqualTo("include_tables entry shop.ordrs (did you mean shop.orders?)"
                + " matches no table the database shows cdc: nothing is captured from it");
        // two letters of five differ: another name, not a misspelling (the whole names are only 2 edits apart)
        assertThat(message("shop.uders", "shop.zzers")).isEqualTo("include_tables entries shop.uders (did you mean"
                + " shop.users?), shop.zzers match no table the database shows cdc: nothing is captured from them");
        assertThat(message("shop.ordrs_lines")).contains("(did you mean shop.order_lines?)");
        assertThat(message("shop.*", "shop.users")).isNull();
    }

    /**
     * An exclude_tables entry that matches no table leaves nothing out: said, with the table it may have meant and
     * whether that one is captured (the filter's own decision is the oracle).
     */
    @Test
    void anExcludeThatMatchesNoTableIsSaidWithTheCapturedTableItMayHaveMeant() {
        TableFilter filter = TableFilter.of(List.of("shop.*"), List.of("shop.usrs", "shop.archive_*", "shop.orders"),
                UnaryOperator.identity());
        assertThat(filter.captures("shop.users")).isTrue();
        assertThat(UnmatchedTableEntries.excludes(filter, SHOWN, "cdc")).hasValueSatisfying(c -> {
            assertThat(c.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(c.name()).isEqualTo("exclude_tables");
            assertThat(c.message()).isEqualTo("exclude_tables entries shop.usrs (did you mean shop.users, which is"
                    + " captured?), shop.archive_* match no table the database shows cdc: they leave nothing out");
        });
        TableFilter matching = TableFilter.of(List.of(), List.of("shop.users", "shop.order_*"), UnaryOperator.identity());
        assertThat(UnmatchedTableEntries.excludes(matching, SHOWN, "cdc")).isEmpty();
    }
}
