package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.cdctoolkit.engine.testing.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

class AckTrackerTest {

    private final AckTracker tracker = new AckTracker();
    private final List<ChangeEvent> acknowledged = new ArrayList<>();

    /** Registers an event at {@code lsn} with one record written and sealed. */
    private AckTracker.Ticket writtenOnce(long lsn) {
        AckTracker.Ticket t = tracker.register(position(lsn));
        t.expect();
        t.seal();
        return t;
    }

    private Long committable() {
        SourcePosition p = tracker.drainCommittable(acknowledged::add);
        return p == null ? null : TestEvents.lsn(p);
    }

    @Test
    void outOfOrderAcksCommitOnlyTheHighestContiguousPosition() {
        AckTracker.Ticket t1 = writtenOnce(1);
        AckTracker.Ticket t2 = writtenOnce(2);
        AckTracker.Ticket t3 = writtenOnce(3);

        t3.ack();
        assertThat(committable()).as("3 acked but 1 and 2 pending").isNull();
        t1.ack();
        assertThat(committable()).isEqualTo(1L);
        assertThat(committable()).as("nothing new").isNull();
        t2.ack();
        assertThat(committable()).as("2 closes the gap up to 3").isEqualTo(3L);
        assertThat(tracker.pendingEvents()).isZero();
    }

    @Test
    void failureBlocksItsPositionAndEveryLaterOneForever() {
        AckTracker.Ticket t1 = writtenOnce(1);
        AckTracker.Ticket t2 = writtenOnce(2);
        AckTracker.Ticket t3 = writtenOnce(3);
        tracker.fail(t2);

        t3.ack();
        t1.ack();
        assertThat(committable()).isEqualTo(1L);
        t2.ack(); // even if the failed event's record is acknowledged after all
        assertThat(committable()).isNull();
        AckTracker.Ticket t4 = writtenOnce(4);
        t4.ack();
        assertThat(committable()).as("events after the failure never commit").isNull();
        assertThat(tracker.hasFailed()).isTrue();
    }

    @Test
    void eventWithoutRecordsIsAcknowledgedWhenSealed() {
        AckTracker.Ticket filtered = tracker.register(position(1));
        assertThat(committable()).as("not sealed yet").isNull();
        filtered.seal();
        assertThat(committable()).isEqualTo(1L);
    }

    @Test
    void ticketIsNotAcknowledgedUntilSealedEvenIfItsFirstRecordIsAcked() {
        AckTracker.Ticket t = tracker.register(position(1));
        t.expect();
        t.ack(); // first record acked while the second is still being made
        assertThat(committable()).isNull();
        t.expect();
        t.seal();
        assertThat(committable()).isNull();
        t.ack();
        assertThat(committable()).isEqualTo(1L);
    }

    @Test
    void eventsWithoutPositionArePassedOver() {
        AckTracker.Ticket t1 = writtenOnce(1);
        AckTracker.Ticket noPosition = tracker.register(null);
        noPosition.seal();
        t1.ack();
        assertThat(committable()).isEqualTo(1L);
        AckTracker.Ticket t3 = writtenOnce(3);
        t3.ack();
        assertThat(committable()).isEqualTo(3L);

        AckTracker.Ticket alone = tracker.register(null);
        alone.seal();
        assertThat(committable()).as("no position to commit").isNull();
        assertThat(tracker.pendingEvents()).isZero();
    }

    @Test
    void reportsWrittenEventsOfAcknowledgedTicketsInSourceOrder() {
        ChangeEvent a = TestEvents.insert(1, "a");
        ChangeEvent b = TestEvents.insert(2, "b");
        ChangeEvent skipped = TestEvents.insert(3, "c");
        AckTracker.Ticket t1 = writtenOnce(1);
        t1.written(a);
        AckTracker.Ticket t2 = writtenOnce(2);
        t2.written(b);
        t2.written(skipped);
        t2.unwritten(skipped);

        t2.ack();
        t1.ack();
        committable();
        assertThat(acknowledged).containsExactly(a, b);
    }
}
