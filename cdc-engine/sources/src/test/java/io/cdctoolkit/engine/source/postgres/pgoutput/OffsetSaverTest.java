package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The native reader's offsets saved off the pipeline thread: what is requested reaches the file, failures are not lost. */
class OffsetSaverTest {

    @TempDir
    Path state;

    private static Offsets at(long lsn) {
        return new Offsets(true, new ResumePoint(lsn, 1, true), lsn);
    }

    @Test
    void aRequestReachesTheFileAndSavedSaysSoOnlyThen() throws Exception {
        OffsetFile file = new OffsetFile(state, "slot_a");
        OffsetSaver saver = new OffsetSaver(file, Offsets.EMPTY, "test-saver");
        try {
            saver.request(at(100));
            saver.request(at(200)); // the newest wins
            Await.until("offsets at 200 saved", () -> at(200).equals(saver.saved()));
            assertThat(file.load()).isEqualTo(at(200)); // what a restart reads
        } finally {
            saver.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void saveNowHasTheFileHoldTheOffsetsWhenItReturnsAndIsNotUndoneByAnEarlierRequest() throws Exception {
        OffsetFile file = new OffsetFile(state, "slot_b");
        OffsetSaver saver = new OffsetSaver(file, Offsets.EMPTY, "test-saver");
        try {
            saver.request(at(100));
            saver.saveNow(at(300));
            assertThat(file.load()).isEqualTo(at(300));
            Thread.sleep(200); // give the thread time to (wrongly) write the older request
            assertThat(file.load()).isEqualTo(at(300));
            assertThat(saver.saved()).isEqualTo(at(300));
        } finally {
            saver.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailedSaveOnTheThreadIsThrownToTheReaderAtItsNextRequest() throws Exception {
        Path notADirectory = state.resolve("state");
        Files.writeString(notADirectory, "a file where the state directory should be");
        OffsetSaver saver = new OffsetSaver(new OffsetFile(notADirectory, "slot_c"), Offsets.EMPTY, "test-saver");
        try {
            saver.request(at(100));
            Await.until("the failed save noticed", () -> {
                try {
                    saver.throwIfFailed();
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
            assertThatThrownBy(() -> saver.request(at(200))).isInstanceOf(IOException.class)
                    .hasMessageContaining("saving the native reader's offsets failed");
            assertThat(saver.saved()).isEqualTo(Offsets.EMPTY);
        } finally {
            saver.stop(Duration.ofSeconds(5));
        }
    }
}
