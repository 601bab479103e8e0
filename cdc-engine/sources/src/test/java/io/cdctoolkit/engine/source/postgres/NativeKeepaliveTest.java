package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * engine: native keeps its replication connection alive while the pipeline does not poll (a slow or
 * blocked sink): PostgreSQL ends a walsender that hears nothing from its client for
 * {@code wal_sender_timeout} (default 60 s), which would fail the source. The oracle is the server: its
 * walsender for the slot is the same process after the pause.
 */
class NativeKeepaliveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aPauseLongerThanTheServersWalSenderTimeoutDoesNotLoseTheConnection() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_keepalive");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)",
                // Only this database's walsenders: the other tests on the shared server keep the default.
                "ALTER DATABASE " + db + " SET wal_sender_timeout = '2s'");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("slot_name", "keepalive_native");
        config.put("snapshot_mode", "never");
        try (CdcReader reader = PgTestSupport.reader(config, "keepalive", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            pg.execute(db, "INSERT INTO t VALUES (1)");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.key().get("id")).containsExactly(1);
            int walsender = PgTestSupport.walsenderPid(pg, db, "keepalive_native");
            assertThat(walsender).as("the slot's walsender").isPositive();

            pg.execute(db, "INSERT INTO t VALUES (2)");
            Thread.sleep(7_000); // the pipeline is busy elsewhere: no poll for 3.5× wal_sender_timeout

            harness.clear();
            List<ChangeEvent> after = harness.pollAtLeast(1, TIMEOUT);
            assertThat(after).extracting(e -> e.key().get("id")).containsExactly(2);
            assertThat(PgTestSupport.walsenderPid(pg, db, "keepalive_native")).as("the same walsender: the server did not end the connection")
                    .isEqualTo(walsender);
        }
    }
}
