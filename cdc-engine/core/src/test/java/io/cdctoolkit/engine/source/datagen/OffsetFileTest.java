package io.cdctoolkit.engine.source.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetFileTest {

    @TempDir
    Path tmp;

    @Test
    void nothingCommittedYetIsEmpty() throws Exception {
        assertThat(new OffsetFile(tmp.resolve("missing")).read()).isEmpty();
    }

    @Test
    void writesAndReadsTheCommittedPositionCreatingTheStateDirectory() throws Exception {
        OffsetFile file = new OffsetFile(tmp.resolve("a/b"));
        file.write(new OffsetFile.Committed(41, 7, "orders", true));
        file.write(new OffsetFile.Committed(99, 7, "orders", true));

        assertThat(new OffsetFile(tmp.resolve("a/b")).read()).contains(new OffsetFile.Committed(99, 7, "orders", true));
        try (var files = Files.list(tmp.resolve("a/b"))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(OffsetFile.FILE_NAME);
        }
    }

    @Test
    void aCorruptFileIsAnErrorThatSaysHowToRecover() throws Exception {
        Files.writeString(tmp.resolve(OffsetFile.FILE_NAME), "{\"seq\": ");

        assertThatThrownBy(() -> new OffsetFile(tmp).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(OffsetFile.FILE_NAME)
                .hasMessageContaining("delete it");
    }

    @Test
    void aFailedSaveIsAnErrorNamingTheFileAndKeepsThePreviousPosition() throws Exception {
        OffsetFile file = new OffsetFile(tmp);
        file.write(new OffsetFile.Committed(41, 7, "orders", true));
        // The temporary file's path is taken by a folder: the write fails (also for root, unlike chmod).
        Files.createDirectories(tmp.resolve(OffsetFile.FILE_NAME + ".tmp"));

        assertThatThrownBy(() -> file.write(new OffsetFile.Committed(99, 7, "orders", true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tmp.resolve(OffsetFile.FILE_NAME).toString());
        assertThat(file.read()).contains(new OffsetFile.Committed(41, 7, "orders", true));
    }
}
