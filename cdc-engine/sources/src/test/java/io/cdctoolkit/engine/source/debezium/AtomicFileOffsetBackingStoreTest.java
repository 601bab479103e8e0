package io.cdctoolkit.engine.source.debezium;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.embedded.KafkaConnectUtil;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileOffsetBackingStoreTest {

    private static final ByteBuffer PARTITION = bytes("[\"pg\",{\"server\":\"pg\"}]");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("offsets.dat");
    }

    private <S extends OffsetBackingStore> S started(S store) {
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of("offset.storage.file.filename", file().toString()))));
        store.start();
        return store;
    }

    private static void save(OffsetBackingStore store, String offset) throws Exception {
        store.set(Map.of(PARTITION, bytes(offset)), null).get(10, TimeUnit.SECONDS);
    }

    private static String read(OffsetBackingStore store) throws Exception {
        ByteBuffer value = store.get(List.of(PARTITION)).get(10, TimeUnit.SECONDS).get(PARTITION);
        return value == null ? null : StandardCharsets.UTF_8.decode(value).toString();
    }

    @Test
    void offsetsSavedByEitherStoreAreReadByTheOther() throws Exception {
        OffsetBackingStore atomic = started(new AtomicFileOffsetBackingStore());
        save(atomic, "{\"lsn\":1}");
        atomic.stop();
        FileOffsetBackingStore kafka = started(new FileOffsetBackingStore(KafkaConnectUtil.converterForOffsetStore()));
        assertThat(read(kafka)).isEqualTo("{\"lsn\":1}");
        save(kafka, "{\"lsn\":2}");
        kafka.stop();

        OffsetBackingStore reopened = started(new AtomicFileOffsetBackingStore());

        assertThat(read(reopened)).as("an offsets file written before this store existed").isEqualTo("{\"lsn\":2}");
        reopened.stop();
    }

    @Test
    void aSaveThatFailsPartWayLeavesThePreviousOffsets() throws Exception {
        OffsetBackingStore store = started(new AtomicFileOffsetBackingStore());
        save(store, "{\"lsn\":1}");
        // The next save cannot write its temporary file: like a process killed while saving, it stops part way.
        Files.createDirectories(dir.resolve("offsets.dat.tmp"));
        Files.writeString(dir.resolve("offsets.dat.tmp").resolve("blocker"), "x");

        assertThatThrownBy(() -> save(store, "{\"lsn\":2}")).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectException.class).hasMessageContaining("offsets.dat");
        store.stop();

        OffsetBackingStore reopened = started(new AtomicFileOffsetBackingStore());
        assertThat(read(reopened)).isEqualTo("{\"lsn\":1}");
        reopened.stop();
    }

    @Test
    void afterAFailedSaveTheStoreAnswersWithTheSavedOffsetsOnlyAndTellsItsWatcher() throws Exception {
        OffsetBackingStore store = started(new AtomicFileOffsetBackingStore());
        save(store, "{\"lsn\":1}");
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Files.createDirectories(dir.resolve("offsets.dat.tmp").resolve("blocker"));

        try (AutoCloseable watch = AtomicFileOffsetBackingStore.watch(file(), failures::add)) {
            assertThatThrownBy(() -> save(store, "{\"lsn\":2}")).isInstanceOf(ExecutionException.class);

            // Debezium's PostgreSQL task confirms to the slot the LSN it reads here: never an unsaved one.
            assertThat(read(store)).isEqualTo("{\"lsn\":1}");
            assertThat(failures).singleElement().extracting(Exception::getMessage).asString()
                    .contains(file().toString()).contains("Is a directory");
        }
        Files.delete(dir.resolve("offsets.dat.tmp").resolve("blocker"));
        Files.delete(dir.resolve("offsets.dat.tmp"));
        save(store, "{\"lsn\":3}");
        assertThat(read(store)).isEqualTo("{\"lsn\":3}");
        store.stop();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
