package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captured partitioned tables left out of the Debezium engine's snapshot, checked the way Debezium reads
 * {@code snapshot.include.collection.list}: comma-separated regular expressions, each matched case-insensitively
 * against the whole {@code schema.table} and {@code "schema"."table"}.
 */
class ParentsLeftOutTest {

    private static final TableId READINGS = new TableId("app", "public", "readings");
    private static final TableId ODD = new TableId("app", "my schema", "a.b\"c");

    @Test
    void everyOtherCapturedTableIsSnapshotted() {
        Map<String, String> set = ParentsLeftOut.properties(List.of(READINGS, ODD), Map.of("table.include.list", "public\\..*"));

        assertThat(set).containsOnlyKeys("snapshot.include.collection.list");
        String list = set.get("snapshot.include.collection.list");
        assertThat(snapshotted(list, "public.readings", "\"public\".\"readings\"")).isFalse();
        assertThat(snapshotted(list, "PUBLIC.readings", "\"PUBLIC\".\"readings\"")).isFalse();
        assertThat(snapshotted(list, "my schema.a.b\"c", "\"my schema\".\"a.b\"\"c\"")).isFalse();
        assertThat(snapshotted(list, "public.readings_2024", "\"public\".\"readings_2024\"")).isTrue();
        assertThat(snapshotted(list, "public.other", "\"public\".\"other\"")).isTrue();
    }

    @Test
    void aConfiguredSnapshotListStillDecidesTheOthers() {
        String list = ParentsLeftOut.properties(List.of(READINGS),
                Map.of("snapshot.include.collection.list", "public\\.readings.*, public\\.x")).get("snapshot.include.collection.list");
        assertThat(snapshotted(list, "public.readings", "\"public\".\"readings\"")).isFalse();
        assertThat(snapshotted(list, "public.readings_2024", "\"public\".\"readings_2024\"")).isTrue();
        assertThat(snapshotted(list, "public.x", "\"public\".\"x\"")).isTrue();
        assertThat(snapshotted(list, "public.other", "\"public\".\"other\"")).isFalse();
    }

    @Test
    void noParentChangesNothing() {
        assertThat(ParentsLeftOut.properties(List.of(), Map.of("table.include.list", "public\\..*"))).isEmpty();
    }

    /** Whether one of the list's expressions matches the table's identifier or its quoted name, as Debezium matches. */
    private static boolean snapshotted(String list, String identifier, String quoted) {
        return Arrays.stream(list.split(",")).map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE))
                .anyMatch(p -> p.matcher(identifier).matches() || p.matcher(quoted).matches());
    }
}
