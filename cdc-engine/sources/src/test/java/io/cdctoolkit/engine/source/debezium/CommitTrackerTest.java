package io.cdctoolkit.engine.source.debezium;

import io.debezium.engine.DebeziumEngine.RecordCommitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommitTrackerTest {

    /** Records what Debezium would be told. */
    private static final class Recording implements RecordCommitter<String> {
        final List<String> marked = new ArrayList<>();
        int batchesFinished;

        @Override
        public void markProcessed(String record) {
            marked.add(record);
        }

        @Override
        public void markBatchFinished() {
            batchesFinished++;
        }

        @Override
        public void markProcessed(String record, io.debezium.engine.DebeziumEngine.Offsets sourceOffsets) {
            marked.add(record);
        }

        @Override
        public io.debezium.engine.DebeziumEngine.Offsets buildOffsets() {
            return null;
        }
    }

    private final Recording committer = new Recording();
    private final CommitTracker<String> tracker = new CommitTracker<>();

    @Test
    void marksOnlyRecordsUpToTheCommittedPosition() throws Exception {
        for (int i = 1; i <= 5; i++) tracker.track(i, "r" + i, true, committer);
        assertThat(committer.marked).isEmpty();

        tracker.commitThrough(3);
        assertThat(committer.marked).containsExactly("r1", "r2", "r3");
        assertThat(committer.batchesFinished).isEqualTo(1);
        assertThat(tracker.pendingCount()).isEqualTo(2);

        tracker.commitThrough(2); // an older position changes nothing
        assertThat(committer.marked).hasSize(3);
        tracker.commitThrough(5);
        assertThat(committer.marked).containsExactly("r1", "r2", "r3", "r4", "r5");
    }

    @Test
    void recordsWithoutEventsAreDoneOnceEverythingBeforeThemIs() throws Exception {
        tracker.track(1, "heartbeat-alone", false, committer);
        assertThat(committer.marked).containsExactly("heartbeat-alone");

        tracker.track(2, "event", true, committer);
        tracker.track(3, "heartbeat-after-event", false, committer);
        tracker.track(4, "event-2", true, committer);
        assertThat(committer.marked).containsExactly("heartbeat-alone");

        tracker.commitThrough(2);
        assertThat(committer.marked).containsExactly("heartbeat-alone", "event", "heartbeat-after-event");
    }

    @Test
    void afterCloseNothingMoreIsMarked() throws Exception {
        tracker.track(1, "r1", true, committer);
        tracker.close();
        tracker.commitThrough(1);
        assertThat(committer.marked).isEmpty();
    }
}
