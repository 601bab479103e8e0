package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresFailoverPair;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source pointed at a standby (PostgreSQL 16+ decodes there; a real primary and standby of embedded PostgreSQL 17):
 * both engines read it, and agree event by event — Debezium's engine, which read standbys before, is the oracle. Until
 * 2026-12-03 the native engine's snapshot stopped there ({@code txid_current()}: "cannot execute pg_current_xact_id()
 * during recovery"), its stream stopped at the first heartbeat, and a start behind an idle primary waited without a
 * word.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStandbyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private PostgresFailoverPair pair;
    private final ExecutorService starter = Executors.newSingleThreadExecutor();
    @TempDir
    Path state;

    @BeforeAll
    void start(@TempDir Path servers) {
        pair = PostgresFailoverPair.start(servers);
    }

    @AfterAll
    void stop() {
        starter.shutdownNow();
        if (pair != null) pair.close();
    }

    /**
     * Snapshot, then streamed changes made on the primary, through both engines on the standby: the same events;
     * snapshot events without a transaction id (a standby's transactions have none) in both. Each start, behind an
     * idle primary, waits for the primary's record of running transactions and says so; a restart resumes after the
     * last committed change.
     */
    @Test
    void bothEnginesReadAStandbyAsTheyReadAPrimary() throws Exception {
        PostgresServer primary = pair.primary();
        String db = primary.createDatabase("standby_read");
        primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text, n numeric(10,2), at timestamptz)",
                "INSERT INTO t VALUES (1, 'one', 1.10, '2026-01-01 10:00:00+01'), (2, 'two', NULL, NULL),"
                        + " (3, 'three', 3.30, '2026-12-03 00:00:00+00')",
                "CREATE PUBLICATION pub FOR TABLE t");
        awaitReplayed(db, "SELECT 1 FROM pg_publication WHERE pubname = 'pub'");

        Map<String, Object> nativeConfig = config(db, "native");
        Map<String, Object> debeziumConfig = config(db, "debezium");
        try (LogCapture log = LogCapture.atLeast(Level.WARN, SlotCreationWait.class);
             CdcReader ours = PgTestSupport.reader(nativeConfig, "standby", state.resolve("native"));
             CdcReader debezium = PgTestSupport.reader(debeziumConfig, "standby", state.resolve("debezium"))) {
            for (CdcReader reader : List.of(ours, debezium)) {
                String slot = "standby_" + (reader == ours ? "native" : "debezium");
                log.clear();
                Future<?> started = starter.submit(() -> {
                    reader.start();
                    return null;
                });
                Await.until("a WARN saying the start waits for the primary", () -> log.messages().stream().anyMatch(w ->
                        w.contains("creating replication slot " + slot + " on this standby waits for the primary")
                                && w.contains("SELECT pg_log_standby_snapshot();")));
                assertThat(started).as("the start waits for the primary").isNotDone();
                primary.execute(db, "SELECT pg_log_standby_snapshot()");
                started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            ReaderHarness oursHarness = new ReaderHarness(ours);
            ReaderHarness debeziumHarness = new ReaderHarness(debezium);
            List<ChangeEvent> oursSnapshot = oursHarness.pollAtLeast(3, TIMEOUT);
            List<ChangeEvent> debeziumSnapshot = debeziumHarness.pollAtLeast(3, TIMEOUT);
            assertThat(oursSnapshot).extracting(ChangeEvent::op).containsOnly(Op.READ);
            PgTestSupport.assertSameAs(PgTestSupport.rows(oursSnapshot), PgTestSupport.rows(debeziumSnapshot));
            for (List<ChangeEvent> snapshot : List.of(oursSnapshot, debeziumSnapshot)) {
                assertThat(snapshot).extracting(e -> Envelope.source(e.value()).get("txId")).containsOnlyNulls();
                assertThat(snapshot).extracting(e -> Envelope.source(e.value()).get("lsn")).doesNotContainNull();
            }
            oursHarness.clear();
            debeziumHarness.clear();

            primary.execute(db, "INSERT INTO t VALUES (4, 'four', 4.40, now())",
                    "BEGIN; UPDATE t SET v = 'two, updated', n = 2.20 WHERE id = 2; DELETE FROM t WHERE id = 3; COMMIT");
            List<ChangeEvent> debeziumStream = debeziumHarness.pollAtLeast(3, TIMEOUT);
            List<ChangeEvent> oursStream = oursHarness.pollAtLeast(3, TIMEOUT);
            assertThat(oursStream).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.UPDATE, Op.DELETE);
            NativeReaderParityTest.assertSame(oursStream, debeziumStream, false);
            ours.commit(oursStream.get(oursStream.size() - 1).position());
        }

        primary.execute(db, "INSERT INTO t VALUES (5, 'after the restart', NULL, NULL)");
        try (CdcReader ours = PgTestSupport.reader(nativeConfig, "standby", state.resolve("native"))) {
            ours.start();
            List<ChangeEvent> resumed = new ReaderHarness(ours).pollAtLeast(1, TIMEOUT);
            assertThat(resumed).extracting(e -> e.key().get("id")).containsExactly(5);
        }
    }

    /**
     * engine: native backfills on a standby too (PostgreSQL 16+ creates the temporary slot there): a table added to the
     * publication on the primary after the snapshot has its rows read at the start that captures it, as on a primary,
     * and its change made between that and the backfill is not streamed again.
     */
    @Test
    void theNativeEngineBackfillsATableAddedToThePublicationAfterTheSnapshot() throws Exception {
        PostgresServer primary = pair.primary();
        String db = primary.createDatabase("standby_backfill");
        primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE u (id int PRIMARY KEY, v text)",
                "INSERT INTO t VALUES (1, 'one')", "INSERT INTO u VALUES (1, 'one'), (2, 'two')",
                "CREATE PUBLICATION pub FOR TABLE t");
        awaitReplayed(db, "SELECT 1 FROM pg_publication WHERE pubname = 'pub'");
        Map<String, Object> config = config(db, "native");
        config.put("slot_name", "standby_backfill");
        config.put("include_tables", List.of("public.t"));
        Path sourceState = state.resolve("backfill");
        try (CdcReader reader = PgTestSupport.reader(config, "standby", sourceState)) {
            startBehindThePrimary(reader, db);
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op)
                    .containsExactly(Op.READ); // t's snapshot, committed
        }
        primary.execute(db, "ALTER PUBLICATION pub ADD TABLE u", "UPDATE u SET v = 'two, updated' WHERE id = 2");
        awaitReplayed(db, "SELECT 1 FROM u WHERE v = 'two, updated'");
        config.put("include_tables", List.of("public.t", "public.u"));
        try (CdcReader reader = PgTestSupport.reader(config, "standby", sourceState)) {
            startBehindThePrimary(reader, db);
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(2, TIMEOUT)).extracting(e -> e.op() + " " + e.key().get("id") + " "
                            + Envelope.after(e.value()).get("v") + " " + Envelope.source(e.value()).get("snapshot"))
                    .containsExactlyInAnyOrder("READ 1 one incremental", "READ 2 two, updated incremental");
            harness.clear();
            primary.execute(db, "INSERT INTO t VALUES (2, 'sentinel')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.op() + " " + e.table().table() + ":"
                    + e.key().get("id")).containsExactly("CREATE t:2");
        }
    }

    /**
     * Starts {@code reader}, whose creation of a slot on the standby waits for the primary's next record of its running
     * transactions: asks the primary for one every half second until the start goes on (that the wait is told is
     * {@link #bothEnginesReadAStandbyAsTheyReadAPrimary}'s and {@code PostgresSlotCreationWaitTest}'s business).
     */
    private void startBehindThePrimary(CdcReader reader, String db) throws Exception {
        Future<?> started = starter.submit(() -> {
            reader.start();
            return null;
        });
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!started.isDone() && System.nanoTime() < deadline) {
            pair.primary().execute(db, "SELECT pg_log_standby_snapshot()");
            Thread.sleep(500);
        }
        started.get(1, TimeUnit.SECONDS);
    }

    /**
     * The heartbeat's logical-decoding message cannot be written on a standby: the start stops naming
     * {@code heartbeat_message: false}, before it makes a slot, and {@code check} fails the same (both engines).
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aHeartbeatMessageOnAStandbyStopsTheStartAndFailsCheck(String engine) throws Exception {
        String db = pair.primary().createDatabase("standby_heartbeat_" + engine);
        pair.primary().execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "CREATE PUBLICATION pub FOR TABLE t");
        awaitReplayed(db, "SELECT 1 FROM pg_publication WHERE pubname = 'pub'");
        Map<String, Object> config = config(db, engine);
        config.put("slot_name", "heartbeat_" + engine);
        config.remove("heartbeat_message");

        PrerequisiteCheck check = standbyCheck(config, db);
        assertThat(check.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
        assertThat(check.message()).contains("cannot write the heartbeat's logical-decoding message");
        assertThat(check.fix()).contains("set heartbeat_message: false");
        try (CdcReader reader = PgTestSupport.reader(config, db, state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("this server is a standby, which cannot write the heartbeat's")
                    .hasMessageContaining("set heartbeat_message: false");
        }
        try (Connection standby = pair.standby().connect(db)) {
            assertThat(Jdbc.scalar(standby, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?",
                    "heartbeat_" + engine)).as("no slot made").isEqualTo("0");
        }

        config.put("heartbeat_message", false);
        PrerequisiteCheck passing = standbyCheck(config, db);
        assertThat(passing.outcome()).as(passing.message()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
        assertThat(passing.message()).contains("primary_slot_name " + PostgresFailoverPair.STANDBY_SLOT);
    }

    /**
     * On a standby, which cannot change a publication, it is only checked (as Debezium checked it there): a start goes
     * on when the publication made on the primary holds the captured tables, and stops naming the statement to run on
     * the primary when it does not — both engines ({@code FilteredPublication}, shared; before 2026-12-03 the native
     * engine stopped with PostgreSQL's "cannot execute ALTER PUBLICATION in a read-only transaction").
     */
    @Test
    void thePublicationIsOnlyCheckedOnAStandby() throws Exception {
        String db = pair.primary().createDatabase("standby_publication");
        pair.primary().execute(db, "CREATE TABLE a (id int PRIMARY KEY)", "CREATE TABLE b (id int PRIMARY KEY)",
                "CREATE PUBLICATION pub FOR TABLE a");
        awaitReplayed(db, "SELECT 1 FROM pg_publication WHERE pubname = 'pub'");
        Map<String, String> engine = new HashMap<>(Map.of("database.dbname", db, "topic.prefix", "pg",
                "publication.name", "pub", "publication.autocreate.mode", "filtered",
                "table.include.list", "public\\.a"));
        try (Connection standby = pair.standby().connect(db)) {
            assertThat(DebeziumPublication.prepare(standby, engine, "source 'pg'")).isEqualTo(
                    new DebeziumPublication.Prepared(Map.of("publication.autocreate.mode", "disabled"), Set.of()));

            engine.put("table.include.list", "public\\.(a|b)");
            assertThatThrownBy(() -> DebeziumPublication.prepare(standby, engine, "source 'pg'"))
                    .isInstanceOf(FatalException.class)
                    .hasMessageContaining("publication pub holds [\"public\".\"a\"], not the captured tables")
                    .hasMessageContaining("ALTER PUBLICATION \"pub\" SET TABLE \"public\".\"a\", \"public\".\"b\"");
        }

        // The native engine's start, before it touches a slot.
        Map<String, Object> nativeConfig = config(db, "native");
        nativeConfig.put("slot_name", "publication_check");
        nativeConfig.put("include_tables", List.of("public.a", "public.b"));
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "standby", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("on a standby the publication cannot be created or changed")
                    .hasMessageContaining("ALTER PUBLICATION \"pub\" SET TABLE \"public\".\"a\", \"public\".\"b\"");
        }
        nativeConfig.put("publication", "missing");
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "standby", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("publication missing does not exist")
                    .hasMessageContaining("CREATE PUBLICATION \"missing\" FOR TABLE \"public\".\"a\", \"public\".\"b\"");
        }
        nativeConfig.put("publication_autocreate", "all_tables");
        try (CdcReader reader = PgTestSupport.reader(nativeConfig, "standby", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("publication missing does not exist, and a standby cannot create it")
                    .hasMessageContaining("CREATE PUBLICATION \"missing\" FOR ALL TABLES");
        }
        assertThat(scalarOnStandby(db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'publication_check'"))
                .as("no slot made").isEqualTo("0");
    }

    /** Without hot_standby_feedback the primary may remove catalog rows the slot needs: check warns. */
    @Test
    void checkWarnsOfAStandbyThatDoesNotHoldBackCatalogRows() throws Exception {
        String db = pair.primary().createDatabase("standby_feedback");
        awaitReplayed(db, "SELECT 1");
        Map<String, Object> config = config(db, "native");
        pair.standby().execute(db, "ALTER SYSTEM SET hot_standby_feedback = off", "SELECT pg_reload_conf()");
        try {
            awaitReplayed(db, "SELECT 1 WHERE current_setting('hot_standby_feedback') = 'off'");
            PrerequisiteCheck check = standbyCheck(config, db);
            assertThat(check.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(check.message()).contains("hot_standby_feedback off", "invalidates the slot");
            assertThat(check.fix()).contains("ALTER SYSTEM SET hot_standby_feedback = on");
        } finally {
            pair.standby().execute(db, "ALTER SYSTEM SET hot_standby_feedback = on", "SELECT pg_reload_conf()");
            awaitReplayed(db, "SELECT 1 WHERE current_setting('hot_standby_feedback') = 'on'");
        }
    }

    private Map<String, Object> config(String db, String engine) {
        Map<String, Object> config = PgTestSupport.config(pair.standby(), db);
        config.put("engine", engine);
        config.put("publication", "pub");
        config.put("slot_name", "standby_" + engine);
        config.put("heartbeat_message", false);
        return config;
    }

    private PrerequisiteCheck standbyCheck(Map<String, Object> config, String db) throws Exception {
        return new PostgresSourceFactory().check(PgTestSupport.options(config), ComponentContext.of(db, state))
                .item("standby").orElseThrow();
    }

    private String scalarOnStandby(String db, String query) throws java.sql.SQLException {
        try (Connection c = pair.standby().connect(db)) {
            return Jdbc.scalar(c, query);
        }
    }

    /** Until {@code query} finds a row on the standby (what it looks for replayed, the database itself too). */
    private void awaitReplayed(String db, String query) {
        Await.until("replayed on the standby: " + query, () -> {
            try {
                return !scalarOnStandby(db, query).isEmpty();
            } catch (java.sql.SQLException e) {
                return false; // the database not replayed yet
            }
        });
    }
}
