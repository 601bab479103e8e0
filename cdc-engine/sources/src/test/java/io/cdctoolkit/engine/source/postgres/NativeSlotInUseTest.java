package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * engine: native starting while the previous reader's walsender still holds the slot (what a restart right
 * after a kill -9 can meet): the start waits until the server releases the slot instead of failing with
 * "replication slot ... is active".
 */
class NativeSlotInUseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aStartWaitsForTheSlotThatThePreviousReaderStillHolds() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_slot_in_use");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("slot_name", "in_use_native");
        config.put("snapshot_mode", "never");
        CdcReader previous = PgTestSupport.reader(config, "previous", state.resolve("previous"));
        previous.start(); // streams: its walsender holds the slot
        CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2_000);
                previous.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (CdcReader next = PgTestSupport.reader(config, "next", state.resolve("next"))) {
            next.start();
            assertThat(released).as("the start returned only once the previous reader let the slot go").isDone();
            pg.execute(db, "INSERT INTO t VALUES (1)");
            assertThat(new ReaderHarness(next).pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .containsExactly(1);
        } finally {
            released.get(30, TimeUnit.SECONDS);
        }
    }
}
