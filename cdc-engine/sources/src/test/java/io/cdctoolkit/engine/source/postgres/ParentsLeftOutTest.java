package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captured partitioned tables left out of the Debezium engine's table lists, checked the way Debezium reads the
 * lists: comma-separated regular expressions, each matched case-insensitively against the whole
 * {@code schema.table}.
 */
class ParentsLeftOutTest {

    private static final TableId READINGS = new TableId("app", "public", "readings");
    private static final TableId ODD = new TableId("app", "my schema", "a.b$c");

    @Test
    void anIncludeListStillCapturesEveryOtherTableItMatchesNowOrLater() {
        Map<String, String> set = ParentsLeftOut.properties(List.of(READINGS, ODD),
                Map.of("table.include.list", "public\\.readings.*,my schema\\..*"));

        String include = set.get("table.include.list");
        assertThat(set).containsOnlyKeys("table.include.list");
        assertThat(captured(include, "public.readings")).isFalse();
        assertThat(captured(include, "PUBLIC.readings")).isFalse();
        assertThat(captured(include, "my schema.a.b$c")).isFalse();
        assertThat(captured(include, "public.readings_2024")).isTrue();
        assertThat(captured(include, "public.readings_2031")).as("a partition created later").isTrue();
        assertThat(captured(include, "my schema.a.bxc")).isTrue();
        assertThat(captured(include, "public.other")).isFalse();
    }

    @Test
    void withoutAnIncludeListTheParentsAreExcludedAfterTheConfiguredExclusions() {
        Map<String, String> set = ParentsLeftOut.properties(List.of(READINGS), Map.of("table.exclude.list", "public\\.tmp_.*"));
        String exclude = set.get("table.exclude.list");
        assertThat(captured(exclude, "public.readings")).as("excluded").isTrue();
        assertThat(captured(exclude, "public.tmp_1")).as("excluded").isTrue();
        assertThat(captured(exclude, "public.readings_2024")).isFalse();

        assertThat(ParentsLeftOut.properties(List.of(READINGS), Map.of()))
                .isEqualTo(Map.of("table.exclude.list", "public\\.readings"));
    }

    @Test
    void noParentChangesNothing() {
        assertThat(ParentsLeftOut.properties(List.of(), Map.of("table.include.list", "public\\..*"))).isEmpty();
    }

    /** Whether one of the list's expressions matches the whole name, as Debezium's table filters match. */
    private static boolean captured(String list, String name) {
        return Arrays.stream(list.split(",")).anyMatch(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE).matcher(name).matches());
    }
}
