package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NewTablesBackfillTest {

    private static final String T = "\"public\".\"t\"";
    private static final String U = "\"public\".\"u\"";
    private static final String V = "\"public\".\"v\"";
    private static final Offsets STREAMING = new Offsets(true, ResumePoint.NONE, 1000, Set.of(T), null);

    @Test
    void theNewlyCapturedTablesAreThoseTheSavedOffsetsDidNotCaptureOrForOldOffsetsThoseThisStartPublished() {
        assertThat(NewTablesBackfill.newlyCaptured(STREAMING, Set.of(T, U), Set.of())).containsExactly(U);
        assertThat(NewTablesBackfill.newlyCaptured(STREAMING, Set.of(T), Set.of(T))).isEmpty();
        Offsets unrecorded = new Offsets(true, ResumePoint.NONE, 1000);
        assertThat(NewTablesBackfill.newlyCaptured(unrecorded, Set.of(T, U, V), Set.of(V))).containsExactly(V);
    }

    @Test
    void aBackfillWhoseRowsWereNotAllCommittedIsReadAgainWithTheNewTablesAndOnlyForCapturedTables() {
        Offsets interrupted = STREAMING.withBackfill(new Offsets.Backfill(Set.of(U, V), 0));
        assertThat(NewTablesBackfill.toRead(interrupted, Set.of(T, U), Set.of()))
                .isEqualTo(new Offsets.Backfill(Set.of(U), 0)); // v is no longer captured
        assertThat(NewTablesBackfill.toRead(interrupted, Set.of(T), Set.of())).isNull();
        assertThat(NewTablesBackfill.kept(interrupted)).isNull();
        // snapshot_new_tables: false after it: those rows were never read, and the warning names them.
        assertThat(NewTablesBackfill.unread(interrupted, Set.of(T, U), Set.of())).containsExactly(U);
    }

    @Test
    void aCommittedBackfillIsKeptAndReadAgainOnlyWhenOtherTablesAreNewlyCaptured() {
        Offsets committed = STREAMING.withBackfill(new Offsets.Backfill(Set.of(U), 2000));
        assertThat(NewTablesBackfill.toRead(committed, Set.of(T, U), Set.of())).isNull();
        assertThat(NewTablesBackfill.kept(committed)).isEqualTo(committed.backfill());
        // One consistent point for both: u's rows come again, its changes before the new point are in them.
        assertThat(NewTablesBackfill.toRead(committed, Set.of(T, U, V), Set.of(V)))
                .isEqualTo(new Offsets.Backfill(Set.of(U, V), 0));
    }

    /**
     * A table read again on request (cdc-toolkit backfill) was captured all along: the stream still delivers its changes
     * before the backfill's point (a delete while stopped would be lost otherwise), those of a table captured since the
     * snapshot it leaves out; the request is read whatever snapshot_new_tables says.
     */
    @Test
    void aTableReadAgainOnRequestKeepsItsStreamedChangesAndIsReadWhateverSnapshotNewTablesSays() {
        Offsets asked = STREAMING.withBackfill(new Offsets.Backfill(Set.of(T, U), 0, Set.of(T)));
        Offsets.Backfill read = NewTablesBackfill.toRead(asked, Set.of(T, U), Set.of());
        assertThat(read).isEqualTo(new Offsets.Backfill(Set.of(T, U), 0, Set.of(T)));
        List<TableId> captured = List.of(new TableId("db", "public", "t"), new TableId("db", "public", "u"));
        BackfilledChanges skipped = NewTablesBackfill.changes(read, captured, 2000);
        assertThat(skipped.covers(captured.get(0), 1500)).isFalse();
        assertThat(skipped.covers(captured.get(1), 1500)).isTrue();
        assertThat(NewTablesBackfill.reason(read)).isEqualTo("captured since the snapshot, or read again on request:"
                + " cdc-toolkit backfill");
        // snapshot_new_tables: false: u is warned of as never read, t is read.
        assertThat(NewTablesBackfill.unread(asked, Set.of(T, U), Set.of())).containsExactly(U);
        assertThat(NewTablesBackfill.requestedBackfill(asked, Set.of(T, U)).tables()).containsExactly(T);
        // Captured anew since the request (dropped from include_tables, then added back): its earlier changes were never
        // delivered, so they are left out as any newly captured table's.
        assertThat(NewTablesBackfill.toRead(asked, Set.of(T, U), Set.of(T)))
                .isEqualTo(new Offsets.Backfill(Set.of(T, U), 0, Set.of()));
    }

    @Test
    void theTemporarySlotsNameStaysWithinPostgresLimit() {
        assertThat(NewTablesBackfill.slotName("cdc_toolkit_pg")).isEqualTo("cdc_toolkit_pg_backfill");
        assertThat(NewTablesBackfill.slotName("s".repeat(63))).hasSize(63).endsWith("_backfill");
    }

    @Test
    void theWarningOfTablesReadWithoutABackfillSpeaksOfOneTableOrOfSeveral() {
        assertThat(NativePostgresReader.newlyCaptured("public.a", 1)).startsWith("its rows from before this start, and"
                        + " its changes").contains("before it was captured")
                .endsWith("To read its rows: cdc-toolkit backfill --tables public.a").doesNotContain("their")
                .doesNotContain("them");
        assertThat(NativePostgresReader.newlyCaptured("public.a, public.b", 2)).startsWith("their rows from before this"
                        + " start, and their changes").contains("before they were captured")
                .endsWith("To read their rows: cdc-toolkit backfill --tables public.a,public.b");
    }

    /**
     * {@code backfill --where}: a table asked for twice before it is read gets the rows of either request (its whole
     * table if either asked for it whole); the condition is carried to the start that reads it, and a table captured
     * since the snapshot is read whole.
     */
    @Test
    void rowConditionsOfRequestsForOneTableCombineAndReachTheStartThatReadsThem() {
        Offsets once = BackfillRequest.merged(STREAMING, Set.of(T), "id > 10");
        assertThat(once.backfill()).isEqualTo(new Offsets.Backfill(Set.of(T), 0, Set.of(T), java.util.Map.of(T, "id > 10")));
        assertThat(BackfillRequest.merged(once, Set.of(T), "v = 'x'").backfill().conditions())
                .isEqualTo(java.util.Map.of(T, "(id > 10) OR (v = 'x')"));
        assertThat(BackfillRequest.merged(once, Set.of(T), "id > 10").backfill().conditions())
                .isEqualTo(java.util.Map.of(T, "id > 10"));
        assertThat(BackfillRequest.merged(once, Set.of(T), null).backfill().conditions()).isEmpty();
        Offsets two = BackfillRequest.merged(once, Set.of(U), null);
        assertThat(two.backfill().conditions()).isEqualTo(java.util.Map.of(T, "id > 10"));
        assertThat(NewTablesBackfill.toRead(two, Set.of(T, U, V), Set.of(V)))
                .isEqualTo(new Offsets.Backfill(Set.of(T, U, V), 0, Set.of(T, U), java.util.Map.of(T, "id > 10")));
        assertThat(NewTablesBackfill.requestedBackfill(two, Set.of(T))).isEqualTo(
                new Offsets.Backfill(Set.of(T), 0, Set.of(T), java.util.Map.of(T, "id > 10")));
    }
}
