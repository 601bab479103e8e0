package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static org.assertj.core.api.Assertions.assertThat;

/** The window in the state folder: reloaded on start, torn tails tolerated, expired keys left out, file bounded. */
class DedupPersistenceTest extends DedupStageFixture {

    Path log() {
        return state.resolve(DedupLog.FILE_NAME);
    }

    @Test
    void aNewStageOnTheSameStateFolderDropsWhatTheLastOneDelivered() throws Exception {
        Stage first = stage();
        for (int id = 1; id <= 3; id++) deliver(first, insert(id, "u" + id, id));
        first.close();

        Stage second = stage();
        for (int id = 1; id <= 3; id++) assertThat(apply(second, insert(id, "u" + id, id))).as("id %d", id).isEmpty();
        assertThat(apply(second, insert(4, "u4", 4))).hasSize(1);
    }

    @Test
    void appendsReachTheFileWithoutACloseAsAfterAKill() throws Exception {
        Stage killed = stage(); // never closed: no force, no final write, as with kill -9
        deliver(killed, insert(1, "u1", 1));

        Stage restarted = stage();
        assertThat(apply(restarted, insert(1, "u1", 1))).isEmpty();
    }

    @Test
    void aRecordCutShortByACrashCostsOnlyThatRecord() throws Exception {
        Stage first = stage();
        for (int id = 1; id <= 3; id++) deliver(first, insert(id, "u" + id, id));
        first.close();
        byte[] bytes = Files.readAllBytes(log());
        int end = endOfRecords(bytes);
        // The last record lost its checksum and half its key: a write interrupted mid-way.
        Arrays.fill(bytes, end - 30, end, (byte) 0);
        bytes[end - 31] ^= 0x5a;
        Files.write(log(), bytes);

        Stage second = stage();
        assertThat(apply(second, insert(1, "u1", 1))).isEmpty();
        assertThat(apply(second, insert(2, "u2", 2))).isEmpty();
        assertThat(apply(second, insert(3, "u3", 3))).as("the torn record").hasSize(1);
        deliver(second, insert(3, "u3", 3));
        deliver(second, insert(4, "u4", 4));
        second.close();

        Stage third = stage();
        for (int id = 1; id <= 4; id++) assertThat(apply(third, insert(id, "u" + id, id))).as("id %d", id).isEmpty();
    }

    @Test
    void garbageInsteadOfALogStartsAnEmptyWindow() throws Exception {
        Files.write(log(), "not a deduplication log".getBytes());
        Stage stage = stage();
        assertThat(apply(stage, insert(1, "u1", 1))).hasSize(1);
        deliver(stage, insert(1, "u1", 1));
        assertThat(apply(stage, insert(1, "u1", 1))).isEmpty();
    }

    @Test
    void keysExpiredWhileStoppedAreNotReloaded() throws Exception {
        Stage first = stage(Map.of("ttl_seconds", 60));
        deliver(first, insert(1, "u1", 1));
        clock.addAndGet(30_000);
        deliver(first, insert(2, "u2", 2));
        first.close();
        clock.addAndGet(40_000); // id 1 was acknowledged 70 s ago, id 2 40 s ago

        Stage second = stage(Map.of("ttl_seconds", 60));
        assertThat(entries()).isEqualTo(1);
        assertThat(apply(second, insert(1, "u1", 1))).hasSize(1);
        assertThat(apply(second, insert(2, "u2", 2))).isEmpty();
        clock.addAndGet(20_000);
        assertThat(apply(second, insert(2, "u2", 2))).as("its ttl counts from the acknowledgement").hasSize(1);
    }

    @Test
    void theFileStaysBoundedAndKeepsTheNewestEntries() throws Exception {
        Stage stage = stage(Map.of("max_entries", 1000));
        for (int id = 1; id <= 60_000; id++) deliver(stage, insert(id, "u" + id, id));
        assertThat(Files.size(log())).as("rewritten with the live entries when full").isEqualTo(DedupLog.MIN_CAPACITY);
        stage.close();

        Stage restarted = stage(Map.of("max_entries", 1000));
        assertThat(entries()).isEqualTo(1000);
        assertThat(apply(restarted, insert(59_000, "u59000", 59_000))).hasSize(1);
        assertThat(apply(restarted, insert(59_001, "u59001", 59_001))).isEmpty();
        assertThat(apply(restarted, insert(60_000, "u60000", 60_000))).isEmpty();
    }

    /** Where the zeros after the last record begin. */
    private static int endOfRecords(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) end--;
        return end;
    }
}
