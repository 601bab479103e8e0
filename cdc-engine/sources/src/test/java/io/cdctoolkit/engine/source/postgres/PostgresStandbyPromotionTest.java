package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresFailoverPair;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source reading a standby (PostgreSQL 16+, embedded PostgreSQL 17) whose primary fails and which is promoted: the
 * slot it made on the standby goes on after the promotion, and both engines deliver the changes written on the new
 * primary, each once and in order, and agree event by event (Debezium's engine is the oracle); a restart on the
 * promoted server resumes after the last committed change. A pair of its own: the promotion ends the pair's standby.
 */
class PostgresStandbyPromotionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path servers;
    @TempDir
    Path state;
    private PostgresFailoverPair pair;
    private final ExecutorService starter = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        starter.shutdownNow();
        if (pair != null) pair.close();
    }

    @Test
    void bothEnginesGoOnThroughThePromotionOfTheStandbyTheyRead() throws Exception {
        pair = PostgresFailoverPair.start(servers);
        PostgresServer primary = pair.primary();
        String db = primary.createDatabase("standby_promotion");
        primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'one')",
                "CREATE PUBLICATION pub FOR TABLE t");
        awaitReplayed(db, "SELECT 1 FROM t WHERE id = 1");

        Map<String, Object> nativeConfig = config(db, "native");
        Map<String, Object> debeziumConfig = config(db, "debezium");
        List<ChangeEvent> ours = new ArrayList<>();
        List<ChangeEvent> debezium = new ArrayList<>();
        try (CdcReader oursReader = PgTestSupport.reader(nativeConfig, "promotion", state.resolve("native"));
             CdcReader debeziumReader = PgTestSupport.reader(debeziumConfig, "promotion", state.resolve("debezium"))) {
            startBehindThePrimary(db, oursReader, debeziumReader);
            // The snapshot, then a change streamed from the standby before the failover.
            primary.execute(db, "INSERT INTO t VALUES (2, 'before the failover')");
            PgTestSupport.pollThroughReconnects(oursReader, ours, 2, TIMEOUT);
            PgTestSupport.pollThroughReconnects(debeziumReader, debezium, 2, TIMEOUT);

            pair.failOver();
            PostgresServer promoted = pair.standby();
            Await.until("the standby promoted", () -> {
                try {
                    return "f".equals(scalar(promoted, db, "SELECT pg_is_in_recovery()"));
                } catch (Exception e) {
                    return false;
                }
            });
            promoted.execute(db, "INSERT INTO t VALUES (3, 'on the new primary')",
                    "BEGIN; UPDATE t SET v = 'updated after the failover' WHERE id = 1; DELETE FROM t WHERE id = 2; COMMIT");

            PgTestSupport.pollThroughReconnects(oursReader, ours, 5, TIMEOUT);
            PgTestSupport.pollThroughReconnects(debeziumReader, debezium, 5, TIMEOUT);
            assertThat(ours).extracting(e -> e.op() + " " + e.key().get("id")).containsExactly(
                    "READ 1", "CREATE 2", "CREATE 3", "UPDATE 1", "DELETE 2");
            NativeReaderParityTest.assertSame(ours.subList(1, 5), debezium.subList(1, 5), false);
            assertThat(Envelope.after(ours.get(3).value()).get("v")).isEqualTo("updated after the failover");
        }

        pair.standby().execute(db, "INSERT INTO t VALUES (4, 'after the restart')");
        try (CdcReader oursReader = PgTestSupport.reader(nativeConfig, "promotion", state.resolve("native"))) {
            oursReader.start();
            List<ChangeEvent> resumed = new ReaderHarness(oursReader).pollAtLeast(1, TIMEOUT);
            assertThat(resumed).extracting(e -> e.op() + " " + e.key().get("id")).containsExactly("CREATE 4");
        }
    }

    private Map<String, Object> config(String db, String engine) {
        Map<String, Object> config = PgTestSupport.config(pair.standby(), db);
        config.put("engine", engine);
        config.put("publication", "pub");
        config.put("slot_name", "promotion_" + engine);
        config.put("heartbeat_message", false); // a standby cannot write it
        config.put("offset_flush_interval_ms", 0);
        return config;
    }

    /** Starts the readers, whose slot creations on the standby wait for the primary's record of running transactions. */
    private void startBehindThePrimary(String db, CdcReader... readers) throws Exception {
        List<Future<?>> started = new ArrayList<>();
        for (CdcReader reader : readers) {
            started.add(starter.submit(() -> {
                reader.start();
                return null;
            }));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!started.stream().allMatch(Future::isDone) && System.nanoTime() < deadline) {
            pair.primary().execute(db, "SELECT pg_log_standby_snapshot()");
            Thread.sleep(500);
        }
        for (Future<?> f : started) f.get(1, TimeUnit.SECONDS);
    }

    private static String scalar(PostgresServer server, String db, String query) throws java.sql.SQLException {
        try (java.sql.Connection c = server.connect(db)) {
            return Jdbc.scalar(c, query);
        }
    }

    private void awaitReplayed(String db, String query) {
        Await.until("replayed on the standby: " + query, () -> {
            try {
                return !scalar(pair.standby(), db, query).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
