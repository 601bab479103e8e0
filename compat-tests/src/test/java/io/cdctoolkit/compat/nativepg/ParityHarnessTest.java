package io.cdctoolkit.compat.nativepg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness on real readers finds a real difference: the candidate run of one engine is configured to
 * leave a column out and to skip deletes, and {@link EventDiff} names each affected event and field.
 */
@SuppressWarnings("try") // ParitySession.close() may throw InterruptedException
class ParityHarnessTest {

    @TempDir
    Path state;

    @Test
    void aColumnAndADeleteOnlyTheReferenceDeliversAreReportedByTableOpKeyAndField() throws Exception {
        try (ParitySession s = new ParitySession(ParityServer.embedded17(), "parity_harness_17", state, EngineRun.DEBEZIUM)) {
            s.setUp("CREATE TABLE users (id int PRIMARY KEY, name text, secret text)",
                    "ALTER TABLE users REPLICA IDENTITY FULL");
            s.start(List.of("public.users"), false, 0, Map.of(),
                    Map.of("column_filters", Map.of("public.users", Map.of("exclude", List.of("secret"))),
                            "debezium", Map.of("skipped.operations", "d")));
            s.step("INSERT INTO users VALUES (1, 'ann', 's1'), (2, 'bob', 's2')");
            s.step("UPDATE users SET name = 'anne' WHERE id = 1", "DELETE FROM users WHERE id = 2");

            List<EventDiff.Difference> differences = s.diff().differences();

            assertThat(differences).extracting(d -> d.event().replaceFirst("^event #\\d+ ", "") + " | " + d.path())
                    .containsExactly(
                            "parity_harness_17.public.users c key {id=1} | after.secret field",
                            "parity_harness_17.public.users c key {id=2} | after.secret field",
                            "parity_harness_17.public.users u key {id=1} | before.secret field",
                            "parity_harness_17.public.users u key {id=1} | after.secret field",
                            "parity_harness_17.public.users d key {id=2} | (event)");
            assertThat(differences.get(0).detail()).startsWith("only in engine debezium (slot parity_harness_17_ref)");
            // What EventDiff compares exactly on streamed events is there to compare (and was equal: not reported).
            for (String field : EventDiff.SOURCE_ON_STREAMED_EVENTS) {
                assertThat(s.reference()).extracting(e -> ComparableEvent.of(e).sourceField(field)).as(field)
                        .doesNotContainNull();
            }
        }
    }
}
