package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The 64-bit id of the 32-bit one pgoutput sends, against a snapshot's xmax, across an epoch's end. */
class CommitVisibilityTest {

    private static final long EPOCH = 1L << 32;

    @Test
    void theFullIdIsTheOneNearestTheSnapshotsXmax() {
        assertThat(CommitVisibility.fullId(743, 743)).as("the latest assigned: at xmax").isEqualTo(743);
        assertThat(CommitVisibility.fullId(745, 743)).as("assigned after the last completed").isEqualTo(745);
        assertThat(CommitVisibility.fullId(700, 743)).isEqualTo(700);
        assertThat(CommitVisibility.fullId(EPOCH - 6, EPOCH + 5)).as("before the epoch ended").isEqualTo(EPOCH - 6);
        assertThat(CommitVisibility.fullId(3, EPOCH - 6)).as("after the epoch ended").isEqualTo(EPOCH + 3);
        assertThat(CommitVisibility.fullId(9, 7 * EPOCH + 12)).isEqualTo(7 * EPOCH + 9);
    }
}
