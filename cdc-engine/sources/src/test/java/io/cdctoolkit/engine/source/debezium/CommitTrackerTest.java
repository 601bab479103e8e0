package io.cdctoolkit.engine.source.debezium;

import io.debezium.engine.DebeziumEngine.RecordCommitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommitTrackerTest {

    /** Records what Debezium would be told. */
    private static class Recording implements RecordCommitter<String> {
        final List<String> marked = new ArrayList<>();
        int batchesFinished;

        @Override
        public void markProcessed(String record) {
            marked.add(record);
        }

        @Override
        public void markBatchFinished() throws InterruptedException {
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
        for (int i = 1; i <= 5; i++) tracker.track(i, "r" + i, true, position(i), committer);
        assertThat(tracker.hasDone()).isFalse();
        assertThat(tracker.takeDone().records()).isEmpty();

        tracker.commitThrough(3);
        assertThat(tracker.takeDone().records()).containsExactly("r1", "r2", "r3");
        assertThat(tracker.pendingCount()).isEqualTo(2);

        tracker.commitThrough(2); // an older position changes nothing
        assertThat(tracker.takeDone().records()).isEmpty();
        tracker.commitThrough(5);
        CommitTracker.Done<String> done = tracker.takeDone();
        assertThat(done.records()).containsExactly("r4", "r5");
        assertThat(done.committer()).isSameAs(committer);
    }

    @Test
    void recordsWithoutEventsAreDoneOnceEverythingBeforeThemIsAndARecordAtAnotherPositionCame() throws Exception {
        tracker.track(1, "heartbeat-alone", false, position(1), committer);
        assertThat(tracker.takeDone().records()).as("a change at its position may still come").isEmpty();
        tracker.track(2, "event", true, position(2), committer);
        assertThat(tracker.takeDone().records()).containsExactly("heartbeat-alone");

        tracker.track(3, "heartbeat-after-event", false, position(3), committer);
        tracker.track(4, "event-2", true, position(4), committer);
        assertThat(tracker.takeDone().records()).isEmpty();

        tracker.commitThrough(2);
        assertThat(tracker.takeDone().records()).containsExactly("event", "heartbeat-after-event");
    }

    /**
     * Debezium's PostgreSQL connector gives the heartbeat's logical decoding message the LSN of the change after it
     * and resumes after a saved LSN: the message is not done while that change is unacknowledged.
     */
    @Test
    void aRecordWithoutEventWaitsForTheUnacknowledgedEventsAtItsPosition() throws Exception {
        tracker.track(1, "event", true, position(1), committer);
        tracker.track(2, "heartbeat-message", false, position(2), committer);
        tracker.track(3, "change-at-the-message-lsn", true, position(2), committer);
        tracker.track(4, "heartbeat-after-it", false, position(3), committer);
        tracker.commitThrough(1);
        assertThat(tracker.takeDone().records()).containsExactly("event");

        tracker.commitThrough(3);
        assertThat(tracker.takeDone().records()).containsExactly("heartbeat-message", "change-at-the-message-lsn");
        tracker.track(5, "event-later", true, position(4), committer);
        assertThat(tracker.takeDone().records()).containsExactly("heartbeat-after-it");
    }

    /**
     * The rows of one PostgreSQL {@code COPY} multi-insert WAL record share its LSN, and Debezium resumes after a saved
     * LSN: no row's offset goes to Debezium while a later row at that position is unacknowledged.
     */
    @Test
    void anEventWaitsForTheUnacknowledgedEventsAfterItAtItsPosition() throws Exception {
        tracker.track(1, "insert", true, position(1), committer);
        tracker.track(2, "copy-row-1", true, position(2), committer);
        tracker.track(3, "copy-row-2", true, position(2), committer);
        tracker.track(4, "heartbeat-at-it", false, position(2), committer);
        tracker.track(5, "copy-row-3", true, position(2), committer);
        tracker.track(6, "insert-after", true, position(3), committer);
        tracker.commitThrough(3);
        assertThat(tracker.takeDone().records()).as("row 3 of the record is unacknowledged").containsExactly("insert");

        tracker.commitThrough(5);
        assertThat(tracker.takeDone().records())
                .containsExactly("copy-row-1", "copy-row-2", "heartbeat-at-it", "copy-row-3");
        tracker.commitThrough(6);
        assertThat(tracker.takeDone().records()).containsExactly("insert-after");
    }

    /**
     * A snapshot's records share one offset, but an interrupted snapshot is taken again whole: each is done once
     * committed, so that a long snapshot's records are not all held (and kept in memory) until its last one.
     */
    @Test
    void snapshotRecordsSharingAnOffsetAreDoneOneByOne() throws Exception {
        Object snapshot = RestartPosition.of(java.util.Map.of("lsn", 26196256L, "snapshot", "INITIAL", "txId", 745L));
        for (int i = 1; i <= 4; i++) tracker.track(i, "row-" + i, true, snapshot, committer);
        tracker.commitThrough(2);
        assertThat(tracker.takeDone().records()).containsExactly("row-1", "row-2");
    }

    /** Debezium's offsets' restart positions: PostgreSQL's processed LSN; otherwise the offset without timestamps. */
    @Test
    void restartPositions() {
        assertThat(RestartPosition.of(java.util.Map.of("lsn_proc", 26196256L, "messageType", "MESSAGE", "ts_usec", 1L)))
                .isEqualTo(RestartPosition.of(java.util.Map.of("lsn_proc", 26196256L, "messageType", "INSERT", "txId", 745L)));
        assertThat(RestartPosition.of(java.util.Map.of("file", "b.000001", "pos", 4L, "ts_sec", 1L)))
                .isEqualTo(RestartPosition.of(java.util.Map.of("file", "b.000001", "pos", 4L, "ts_sec", 2L)))
                .isNotEqualTo(RestartPosition.of(java.util.Map.of("file", "b.000001", "pos", 5L, "ts_sec", 1L)));
    }

    private static Object position(long sequence) {
        return sequence;
    }

    @Test
    void afterCloseNothingMoreIsDone() throws Exception {
        tracker.track(1, "r1", true, position(1), committer);
        tracker.close();
        tracker.commitThrough(1);
        assertThat(tracker.takeDone().records()).isEmpty();
    }

    @Test
    void theCommitterThreadTellsDebeziumInOrderAndCloseWaitsForTheLastCommit() throws Exception {
        List<String> handed = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch slowSave = new java.util.concurrent.CountDownLatch(1);
        RecordCommitter<String> slow = new Recording() {
            @Override
            public void markProcessed(String record) {
                handed.add(Thread.currentThread().getName() + ":" + record);
            }

            @Override
            public void markBatchFinished() throws InterruptedException {
                slowSave.await(); // an offset save in progress
            }
        };
        OffsetCommitter<String> thread = new OffsetCommitter<>(tracker, e -> { }, "offsets-test", java.time.Duration.ZERO,
                OffsetHandoverCheck.NONE);
        thread.start();
        for (int i = 1; i <= 4; i++) tracker.track(i, "r" + i, true, position(i), slow);
        tracker.commitThrough(2);
        // While Debezium saves, the engine thread can still track and the pipeline can still commit.
        tracker.track(5, "r5", true, position(5), slow);
        tracker.commitThrough(5);
        assertThat(thread.drain(java.time.Duration.ofMillis(200))).isFalse(); // the save has not finished
        slowSave.countDown();
        assertThat(thread.drain(java.time.Duration.ofSeconds(10))).isTrue();
        thread.stop(java.time.Duration.ofSeconds(10));
        assertThat(handed).containsExactly("offsets-test:r1", "offsets-test:r2", "offsets-test:r3",
                "offsets-test:r4", "offsets-test:r5");
    }

    @Test
    void aFailureStopsTheCommitterAndIsReported() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Exception> reported = new java.util.concurrent.atomic.AtomicReference<>();
        RecordCommitter<String> failing = new Recording() {
            @Override
            public void markBatchFinished() {
                throw new IllegalStateException("offset store gone");
            }
        };
        OffsetCommitter<String> thread = new OffsetCommitter<>(tracker, reported::set, "offsets-test", java.time.Duration.ZERO,
                OffsetHandoverCheck.NONE);
        thread.start();
        tracker.track(1, "r1", true, position(1), failing);
        tracker.commitThrough(1);
        thread.drain(java.time.Duration.ofSeconds(10));
        thread.stop(java.time.Duration.ofSeconds(10));
        assertThat(reported.get()).hasMessage("offset store gone");
    }

    @Test
    void aFailedHandoverCheckStopsTheCommitterBeforeDebeziumIsToldOfAnything() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Exception> reported = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        OffsetHandoverCheck refusing = () -> {
            if (checks.incrementAndGet() == 2) throw new IllegalStateException("a partition is not captured");
        };
        Recording recording = new Recording();
        OffsetCommitter<String> thread = new OffsetCommitter<>(tracker, reported::set, "offsets-test",
                java.time.Duration.ZERO, refusing);
        thread.start();
        tracker.track(1, "r1", true, position(1), recording);
        tracker.commitThrough(1);
        assertThat(thread.drain(java.time.Duration.ofSeconds(10))).isTrue();
        tracker.track(2, "r2", true, position(2), recording);
        tracker.commitThrough(2);
        thread.drain(java.time.Duration.ofSeconds(10));
        thread.stop(java.time.Duration.ofSeconds(10));
        assertThat(reported.get()).hasMessage("a partition is not captured");
        assertThat(recording.marked).containsExactly("r1");
        assertThat(recording.batchesFinished).isEqualTo(1);
    }

    @Test
    void whenIdleAfterABatchDebeziumIsToldOnceMoreSoItsIntervalCannotHoldTheLastSaveBack() throws Exception {
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        RecordCommitter<String> counting = new Recording() {
            @Override
            public void markBatchFinished() {
                finished.incrementAndGet();
            }
        };
        OffsetCommitter<String> thread = new OffsetCommitter<>(tracker, e -> { }, "offsets-test",
                java.time.Duration.ofMillis(100), OffsetHandoverCheck.NONE);
        thread.start();
        tracker.track(1, "r1", true, position(1), counting);
        tracker.commitThrough(1);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (finished.get() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(500); // several idle periods more: no further calls without new records
        thread.stop(java.time.Duration.ofSeconds(10));
        assertThat(finished.get()).isEqualTo(2);
    }
}
