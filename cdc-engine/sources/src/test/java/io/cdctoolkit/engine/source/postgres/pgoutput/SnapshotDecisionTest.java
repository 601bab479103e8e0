package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start rules of {@code snapshot_mode} for the cases the embedded server cannot easily be brought into (a slot
 * whose WAL was removed) or that decide between a snapshot and none on a single LSN; the integration tests
 * ({@code NativeSnapshotModeTest}) cover the rest against a server.
 */
class SnapshotDecisionTest {

    private static final Offsets STREAMED_TO_1000 = new Offsets(true, new ResumePoint(900, 3, true), 1000);

    @Test
    void whenNeededResumesWhileTheSlotHasNotConfirmedPastTheSavedPosition() {
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, STREAMED_TO_1000, new SlotState(1000, false)).snapshot())
                .isFalse();
        // Saved but not yet confirmed to the server when the reader stopped: still resumable.
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, STREAMED_TO_1000, new SlotState(800, false)).snapshot())
                .isFalse();
    }

    @Test
    void whenNeededSnapshotsWhenChangesAfterTheSavedPositionWouldNeverBeSent() {
        SnapshotDecision past = SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, STREAMED_TO_1000, new SlotState(1001, false));
        assertThat(past.snapshot()).isTrue();
        assertThat(past.reason()).contains("0/3E9").contains("0/3E8");
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, STREAMED_TO_1000, new SlotState(1000, true)).snapshot())
                .as("WAL lost").isTrue();
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, STREAMED_TO_1000, null).snapshot()).as("no slot").isTrue();
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, Offsets.EMPTY, new SlotState(1000, false)).snapshot())
                .as("no offsets").isTrue();
        // LSNs are unsigned: a position past 2^63 is past one before it.
        Offsets high = new Offsets(true, ResumePoint.NONE, Long.MAX_VALUE);
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, high, new SlotState(Long.MIN_VALUE, false)).snapshot())
                .isTrue();
    }

    /** As Debezium with no stored LSN: a stream that never confirmed anything resumes from the slot's own position. */
    @Test
    void whenNeededTrustsTheSlotWhenNothingWasConfirmedYet() {
        Offsets neverConfirmed = new Offsets(true, ResumePoint.NONE, 0);
        assertThat(SnapshotDecision.of(SnapshotMode.WHEN_NEEDED, neverConfirmed, new SlotState(5000, false)).snapshot())
                .isFalse();
    }

    @Test
    void theOtherModes() {
        assertThat(SnapshotDecision.of(SnapshotMode.ALWAYS, STREAMED_TO_1000, new SlotState(1000, false)).snapshot()).isTrue();
        assertThat(SnapshotDecision.of(SnapshotMode.INITIAL, STREAMED_TO_1000, null).snapshot()).isFalse();
        assertThat(SnapshotDecision.of(SnapshotMode.INITIAL, Offsets.EMPTY, null).snapshot()).isTrue();
        assertThat(SnapshotDecision.of(SnapshotMode.NO_DATA, Offsets.EMPTY, null).snapshot()).isFalse();
        assertThat(SnapshotMode.of("never")).isEqualTo(SnapshotMode.NO_DATA);
        assertThatThrownBy(() -> SnapshotMode.of("recovery")).isInstanceOf(IllegalArgumentException.class);
    }
}
