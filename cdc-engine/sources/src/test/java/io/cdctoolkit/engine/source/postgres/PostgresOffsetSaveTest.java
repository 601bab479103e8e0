package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code offset_flush_interval_ms: 0} is the strict setting: a commit returns only once its offset is saved,
 * so after a crash exactly the records not yet committed come again (by default saving runs on its own thread
 * at most once a second, and up to a second of acknowledged changes may come again).
 */
class PostgresOffsetSaveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void withIntervalZeroEachCommitIsSavedBeforeCommitReturns() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_offset_save");
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY)", "INSERT INTO items VALUES (0)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("offset_flush_interval_ms", 0L);
        try (CdcReader reader = PgTestSupport.reader(config, "saves", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            for (int round = 1; round <= 5; round++) {
                pg.execute(db, "INSERT INTO items SELECT g FROM generate_series(" + round * 100 + ", " + (round * 100 + 99) + ") g");
                harness.clear();
                List<ChangeEvent> changes = harness.pollAtLeast(100, TIMEOUT);
                ChangeEvent last = changes.get(changes.size() - 1);
                Object lsn = last.position().offset().get("lsn");

                reader.commit(last.position());

                // Kafka Connect's offsets file is a serialized map whose values are the offsets' JSON, verbatim.
                assertThat(offsetsFileText()).as("offsets file right after commit() of round %d", round)
                        .contains("\"lsn\":" + lsn + ",");
            }
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    private String offsetsFileText() throws Exception {
        try (Stream<Path> files = Files.walk(state)) {
            Path offsets = files.filter(p -> p.getFileName().toString().equals("offsets.dat")).findFirst().orElseThrow();
            return new String(Files.readAllBytes(offsets), StandardCharsets.ISO_8859_1);
        }
    }
}
