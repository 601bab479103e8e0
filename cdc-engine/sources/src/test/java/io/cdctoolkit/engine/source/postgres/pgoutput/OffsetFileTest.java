package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetFileTest {

    private static final String ODD = "\"s,1\".\"a \"\"b\"\" = c\"";

    @TempDir
    Path state;

    @Test
    void theCapturedTablesAndABackfillUnderWayAreReadBackExactly() throws Exception {
        OffsetFile file = new OffsetFile(state, "slot_a");
        Offsets saved = new Offsets(true, new ResumePoint(0xFFFF_FFFF_0000_0010L, 7, false), 100,
                Set.of("\"public\".\"t\"", ODD), new Offsets.Backfill(Set.of(ODD), 0x8000_0000_0000_0002L));
        file.save(saved);
        assertThat(new OffsetFile(state, "slot_a").load()).isEqualTo(saved);
        assertThat(new OffsetFile(state, "slot_b").load()).isEqualTo(Offsets.EMPTY);
        // A backfill asked for (cdc-toolkit backfill): which of its tables are read again, not captured since.
        Offsets requested = saved.withBackfill(new Offsets.Backfill(Set.of("\"public\".\"t\"", ODD), 0,
                Set.of("\"public\".\"t\"", ODD), java.util.Map.of(ODD, "note = 'it''s \"x\"'\nAND id > 2")));
        file.save(requested);
        assertThat(new OffsetFile(state, "slot_a").load()).isEqualTo(requested);
    }

    @Test
    void offsetsSavedBeforeTheCapturedTablesWereRecordedLoadWithoutThem() throws Exception {
        Files.writeString(state.resolve(OffsetFile.NAME), """
                slot=slot_a
                snapshot_completed=true
                commit_lsn=900
                index=3
                tx_complete=true
                confirmed_lsn=1000
                """);
        Offsets loaded = new OffsetFile(state, "slot_a").load();
        assertThat(loaded).isEqualTo(new Offsets(true, new ResumePoint(900, 3, true), 1000));
        assertThat(loaded.captured()).isNull();
        assertThat(loaded.backfill()).isNull();
    }

    @Test
    void aBackfillIsDroppedOnceTheConfirmedPositionReachesItsConsistentPointAndNotBefore() {
        Offsets.Backfill committed = new Offsets.Backfill(Set.of(ODD), 2000);
        Offsets backfilled = new Offsets(true, ResumePoint.NONE, 1000, Set.of(ODD), committed);
        assertThat(backfilled.at(true, new ResumePoint(1500, 1, true), 1999).backfill()).isEqualTo(committed);
        assertThat(backfilled.at(true, new ResumePoint(2000, 1, true), 2000).backfill()).isNull();
        // Rows not all committed yet: kept whatever the position (a start reads them again).
        Offsets.Backfill reading = new Offsets.Backfill(Set.of(ODD), 0);
        assertThat(backfilled.withBackfill(reading).at(true, ResumePoint.NONE, 5000).backfill()).isEqualTo(reading);
    }
}
