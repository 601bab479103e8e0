package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.source.postgres.pgoutput.NewTablesCheck;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * engine: native with {@code snapshot_mode: always} and {@code when_needed}: which starts snapshot (every current
 * row as op r, Debezium's markers), and that nothing is lost or repeated between a snapshot and the stream after it.
 * The oracle is the table itself: a snapshot's rows must equal a {@code SELECT} of the table at that point.
 */
class NativeSnapshotModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SLOT = "parity_native";

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();
    /** The id of the next row {@link #assertNextIsOnly} inserts into t. */
    private int sentinel = 1000;

    @Test
    void alwaysSnapshotsAgainAtEveryStartThenStreamsWithoutLosingAChange() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_always");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Map<String, Object> config = config(pg, db, "always");
        try (CdcReader reader = PgTestSupport.reader(config, "always", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertSnapshotEquals(harness.pollAtLeast(3, TIMEOUT), table(pg, db));
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (4, 'd')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
        }
        // While stopped: changes a second start must show in its snapshot.
        pg.execute(db, "INSERT INTO t VALUES (5, 'e')", "UPDATE t SET v = 'a2' WHERE id = 1", "DELETE FROM t WHERE id = 2");
        Map<Integer, String> beforeSecondStart = table(pg, db);
        // Read the snapshot one row per poll and change the table in the middle: the change is not in the
        // snapshot's rows, so it must come from the stream, once, after the snapshot.
        config.put("max_batch_size", 1);
        try (CdcReader reader = PgTestSupport.reader(config, "always", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO t VALUES (6, 'f')", "UPDATE t SET v = 'c2' WHERE id = 3");
            List<ChangeEvent> events = harness.pollUntil(e -> e.size() >= beforeSecondStart.size() + 2, TIMEOUT, true);
            assertSnapshotEquals(events.subList(0, beforeSecondStart.size()), beforeSecondStart);
            List<ChangeEvent> streamed = events.subList(beforeSecondStart.size(), events.size());
            assertThat(streamed).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.UPDATE);
            assertThat(streamed).extracting(e -> e.key().get("id")).containsExactly(6, 3);
            assertNextIsOnly(pg, db, harness);
        }
    }

    @Test
    void whenNeededResumesFromValidOffsetsWithoutASnapshot() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_needed");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "when_needed");
        try (CdcReader reader = PgTestSupport.reader(config, "needed", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertSnapshotEquals(harness.pollAtLeast(2, TIMEOUT), table(pg, db)); // no offsets yet: a snapshot
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (3, 'c')");
            harness.pollAtLeast(1, TIMEOUT);
        }
        pg.execute(db, "INSERT INTO t VALUES (4, 'd')", "DELETE FROM t WHERE id = 1");
        try (CdcReader reader = PgTestSupport.reader(config, "needed", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> resumed = harness.pollAtLeast(2, TIMEOUT);
            assertThat(resumed).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.DELETE);
            assertThat(resumed).extracting(e -> e.key().get("id")).containsExactly(4, 1);
            assertNextIsOnly(pg, db, harness);
        }
    }

    @Test
    void whenNeededSnapshotsWhenTheOffsetsFileIsGone() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_nofile");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "when_needed");
        streamOnce(pg, db, config, "nofile");
        Files.delete(state.resolve("native-offsets.properties"));
        pg.execute(db, "INSERT INTO t VALUES (4, 'd')");
        snapshotThenStream(pg, db, config, "nofile");
    }

    @Test
    void whenNeededSnapshotsWhenTheSlotIsGone() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_noslot");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "when_needed");
        streamOnce(pg, db, config, "noslot");
        PgTestSupport.dropSlots(pg, db);
        pg.execute(db, "INSERT INTO t VALUES (4, 'd')"); // in no slot: only a snapshot can show it
        snapshotThenStream(pg, db, config, "noslot");
    }

    /** The slot dropped and created again (by someone else) while stopped: the saved position is behind the new slot's. */
    @Test
    void whenNeededSnapshotsWhenTheSlotWasRecreatedPastTheSavedPosition() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_newslot");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "when_needed");
        streamOnce(pg, db, config, "newslot");
        PgTestSupport.dropSlots(pg, db);
        pg.execute(db, "INSERT INTO t VALUES (4, 'd')"); // before the new slot: never streamed from it
        pg.execute(db, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        snapshotThenStream(pg, db, config, "newslot");
    }

    /**
     * initial (as never) past a completed snapshot when the slot is gone: the changes since the last committed offset
     * are in no slot; the start fails naming the slot and the ways out, as the Debezium engine refuses to start,
     * instead of creating a new slot at the server's current position and going on without them.
     */
    @Test
    void initialRefusesToStartWhenTheSlotIsGoneInsteadOfLosingTheChangesInBetween() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_snap_lost");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "initial");
        streamOnce(pg, db, config, "lost");
        PgTestSupport.dropSlots(pg, db);
        pg.execute(db, "INSERT INTO t VALUES (4, 'd')"); // in no slot
        try (CdcReader reader = PgTestSupport.reader(config, "lost", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(io.cdctoolkit.engine.spi.FatalException.class)
                    .hasMessageContaining("replication slot " + SLOT + " is gone")
                    .hasMessageContaining("snapshot_mode: when_needed");
        }
        assertThat(slots(pg, db)).as("no slot created behind the user's back").isZero();
    }

    private static int slots(PostgresServer pg, String db) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE database = '" + db + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** First run: snapshot of rows 1, 2, then a streamed insert of 3, all committed. */
    private void streamOnce(PostgresServer pg, String db, Map<String, Object> config, String name) throws Exception {
        try (CdcReader reader = PgTestSupport.reader(config, name, state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertSnapshotEquals(harness.pollAtLeast(2, TIMEOUT), table(pg, db));
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (3, 'c')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
        }
    }

    /** The next start snapshots every current row, then streams. */
    private void snapshotThenStream(PostgresServer pg, String db, Map<String, Object> config, String name) throws Exception {
        Map<Integer, String> now = table(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, name, state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertSnapshotEquals(harness.pollAtLeast(now.size(), TIMEOUT), now);
            assertNextIsOnly(pg, db, harness);
        }
    }

    /**
     * A table added to {@code include_tables} after the snapshot completed, without a backfill
     * ({@code snapshot_new_tables: false}, either engine): PostgreSQL decodes its changes only from the start that
     * adds it to the publication, so its rows and the changes made to it before are not read, and that start says so
     * (and how to read them) instead of leaving it to be found out downstream. The Debezium engine takes no snapshot of
     * such a table (its offsets say the snapshot is done).
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aTableAddedAfterTheSnapshotIsStreamedFromTheStartThatAddsItAndThatStartSaysSo(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_added_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE u (id int PRIMARY KEY, v text)",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO u VALUES (1, 'before')");
        Map<String, Object> config = config(pg, db, "initial");
        config.put("engine", engine);
        config.put("snapshot_new_tables", false);
        config.put("include_tables", List.of("public.t"));
        snapshotOf(config, "added", table(pg, db, "t"));
        pg.execute(db, "INSERT INTO u VALUES (2, 'while stopped')");
        config.put("include_tables", List.of("public.t", "public.u"));
        assertThat(newTablesItem(config, "added")).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(item.message()).startsWith("public.u captured since the snapshot: its rows from before the"
                    + " next start are never read (snapshot_new_tables: false)");
        });

        try (LogCapture log = LogCapture.atLeast(Level.WARN, NativePostgresReader.class, DebeziumNewlyCaptured.class)) {
            List<String> warnings = log.messages();
            try (CdcReader reader = PgTestSupport.reader(config, "added", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                pg.execute(db, "INSERT INTO u VALUES (3, 'after')");
                List<ChangeEvent> events = harness.pollAtLeast(1, TIMEOUT);
                assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
                assertThat(events).extracting(e -> e.table().table() + ":" + e.key().get("id")).containsExactly("u:3");
                assertNextIsOnly(pg, db, harness);
            }
            assertThat(warnings).singleElement().asString()
                    .contains(engine.equals("native") ? "public.u captured since the snapshot (snapshot_new_tables: false)"
                            : "public.u added to publication")
                    .contains("its rows from before this start, and its changes made before it, are not read (the snapshot"
                            + " completed before it was captured)")
                    .endsWith("To read its rows: cdc-toolkit backfill --tables public.u");
            if (engine.equals("debezium")) assertThat(warnings.get(0)).contains("(snapshot_new_tables: false)");
            // Told once: the next start finds it captured already (in the publication; in the native offsets).
            log.clear();
            try (CdcReader reader = PgTestSupport.reader(config, "added", state)) {
                reader.start();
                pg.execute(db, "INSERT INTO u VALUES (4, 'later')");
                assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT))
                        .extracting(e -> e.table().table() + ":" + e.key().get("id")).containsExactly("u:4");
            }
            assertThat(warnings).noneMatch(w -> w.contains("public.u"));
        }
    }

    /**
     * {@code snapshot_new_tables} (engine: native, on by default): a table captured after the snapshot completed has its
     * rows read at the start that captures it, before streaming resumes — each row once, as it is at that start, op r
     * marked {@code incremental} (Debezium's marker for the rows of its incremental snapshots) — and its changes from
     * then on are streamed as usual. A later start reads nothing again.
     */
    @Test
    void aTableCapturedAfterTheSnapshotHasItsRowsReadOnceAtTheStartThatCapturesIt() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_backfill");
        Map<String, Object> config = snapshotOfTAlone(pg, db, "backfill", "(1, 'before'), (2, 'b')");
        pg.execute(db, "INSERT INTO u VALUES (3, 'while stopped')", "UPDATE u SET v = 'b2' WHERE id = 2");
        Map<Integer, String> u = table(pg, db, "u");
        config.put("include_tables", List.of("public.t", "public.u"));
        // check says so before the start
        assertThat(newTablesItem(config, "backfill")).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).isEqualTo("public.u captured since the snapshot: the next start reads its rows"
                    + " first (a backfill: op r events marked snapshot: incremental), then streams");
        });

        try (CdcReader reader = PgTestSupport.reader(config, "backfill", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            // Not committed one by one: the runtime may commit only the latest event it acknowledged, here the next one.
            assertBackfillEquals(harness.pollUntil(e -> e.size() >= u.size(), TIMEOUT, false), u);
            harness.clear();
            pg.execute(db, "INSERT INTO u VALUES (4, 'after')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.op() + " " + e.table().table() + ":" + e.key().get("id"))
                    .containsExactly("CREATE u:4");
            assertNextIsOnly(pg, db, harness);
        }
        assertThat(newTablesItem(config, "backfill")).isEmpty();
        try (CdcReader reader = PgTestSupport.reader(config, "backfill", state)) {
            reader.start();
            assertNextIsOnly(pg, db, new ReaderHarness(reader));
        }
    }

    /**
     * {@code snapshot_new_tables} with {@code engine: debezium}: a table the start adds to the filtered publication after
     * the snapshot completed has its rows read as Debezium's blocking snapshot once the engine has started — each row
     * once, as the table holds it at that start (the changes made while stopped, which the stream cannot bring,
     * included) — its request gone once they are committed, and its changes streamed on; a later start reads nothing
     * again. Before, that start only warned that the rows would never be read. The database is idle at that start:
     * nothing in the slot after the saved position but what the start writes itself.
     */
    @Test
    void theDebeziumEngineBackfillsATableAddedToThePublicationAfterTheSnapshot() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_dbz_added");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE u (id int PRIMARY KEY, v text)",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO u VALUES (1, 'before'), (2, 'b')");
        Map<String, Object> config = config(pg, db, "initial");
        config.put("engine", "debezium");
        config.put("include_tables", List.of("public.t"));
        config.put("heartbeat_interval_ms", 200);
        try (CdcReader reader = PgTestSupport.reader(config, "dbzadded", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(2, TIMEOUT)).hasSize(2);
            // Idle for a while: heartbeats carry the saved position past the snapshot, to the last thing streamed.
            long idleUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            harness.pollUntil(e -> System.nanoTime() > idleUntil, TIMEOUT, true);
        }
        pg.execute(db, "INSERT INTO u VALUES (3, 'while stopped')", "UPDATE u SET v = 'b2' WHERE id = 2");
        Map<Integer, String> u = table(pg, db, "u");
        config.put("include_tables", List.of("public.t", "public.u"));
        // Heartbeats on (the default): the start writes their message once it sent the backfill, so that the engine,
        // which takes no signal before its stream has received a record, takes it on this idle database (BackfillWake).
        config.remove("heartbeat_interval_ms");

        try (LogCapture log = LogCapture.atLeast(Level.INFO, DebeziumNewlyCaptured.class);
             CdcReader reader = PgTestSupport.reader(config, "dbzadded", state)) {
            reader.start();
            assertThat(log.messages()).singleElement().asString().contains("public.u added to publication")
                    .contains("its rows are read as a backfill");
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> rows = harness.pollUntil(BlockingBackfillEvents::lastRowCame, TIMEOUT, true);
            assertThat(rows).allSatisfy(e -> assertThat(e.op() + " " + e.table().table()).isEqualTo("READ u"));
            assertThat(BlockingBackfillEvents.read(rows)).containsExactlyEntriesOf(u);
            assertThat(rows).hasSize(u.size());
            BlockingBackfillEvents.assertSnapshotRows(rows);
            harness.clear();
            pg.execute(db, "INSERT INTO u VALUES (4, 'after')");
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(e -> e.op() + " " + e.table().table() + ":"
                    + e.key().get("id")).containsExactly("CREATE u:4");
            assertNextIsOnly(pg, db, harness);
        }
        assertThat(BlockingBackfillEvents.requestsLeft(state)).isEmpty();
        try (LogCapture log = LogCapture.atLeast(Level.INFO, DebeziumNewlyCaptured.class);
             CdcReader reader = PgTestSupport.reader(config, "dbzadded", state)) {
            reader.start();
            assertNextIsOnly(pg, db, new ReaderHarness(reader));
            assertThat(log.messages()).isEmpty();
        }
    }

    /**
     * {@code cdc-toolkit backfill} ({@link PostgresSourceFactory#requestBackfill}) on a stopped source: its next start
     * reads the table's rows again — as the table holds them at that start, op r marked {@code incremental} — then
     * streams the table's changes made since the last committed position, a deleted row's delete included (left out, a
     * compacted topic would keep that row for ever): a consumer applying the events in order ends with the table (the
     * oracle: a {@code SELECT}). A later start reads nothing again; a misspelt name and {@code engine: debezium} are
     * refused, saying why.
     */
    @Test
    void aTableAskedForAgainHasItsRowsReadThenItsChangesSinceTheLastCommitStreamed() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_reread");
        Map<String, Object> config = snapshotOfT(pg, db, "reread", "(1, 'a'), (2, 'b'), (3, 'c')");
        pg.execute(db, "UPDATE t SET v = 'a2' WHERE id = 1", "DELETE FROM t WHERE id = 2", "INSERT INTO t VALUES (4, 'd')");
        Map<Integer, String> t = table(pg, db);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("reread", state);
        assertThatThrownBy(() -> factory.requestBackfill(PgTestSupport.options(config), context, List.of("tt"), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("public.tt (did you mean public.t?) is not a table postgres-cdc source 'reread'"
                        + " captures");
        assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), null, false))
                .startsWith("the next start of postgres-cdc source 'reread' reads the rows of public.t again");
        assertThat(newTablesItem(config, "reread")).hasValueSatisfying(item -> assertThat(item.message())
                .startsWith("public.t read again on request (cdc-toolkit backfill): the next start reads its rows first"));

        try (CdcReader reader = PgTestSupport.reader(config, "reread", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> e.size() >= t.size() + 3, TIMEOUT, false);
            assertBackfillEquals(events.subList(0, t.size()), t, "t");
            List<ChangeEvent> streamed = events.subList(t.size(), events.size());
            assertThat(streamed).extracting(e -> e.op() + " " + e.key().get("id"))
                    .containsExactly("UPDATE 1", "DELETE 2", "CREATE 4");
            Map<Integer, String> applied = new TreeMap<>();
            for (ChangeEvent e : events) {
                if (e.op() == Op.DELETE) {
                    applied.remove((Integer) e.key().get("id"));
                } else {
                    applied.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v"));
                }
            }
            assertThat(applied).containsExactlyEntriesOf(t);
            reader.commit(events.get(events.size() - 1).position());
            assertNextIsOnly(pg, db, harness);
        }
        assertThat(newTablesItem(config, "reread")).isEmpty();
        try (CdcReader reader = PgTestSupport.reader(config, "reread", state)) {
            reader.start();
            assertNextIsOnly(pg, db, new ReaderHarness(reader));
        }
        Map<String, Object> debezium = new HashMap<>(config);
        debezium.put("engine", "debezium");
        // The Debezium engine has no offsets of its own here: its next start snapshots every table.
        assertThat(factory.requestBackfill(PgTestSupport.options(debezium), context, List.of("t"), null, false))
                .isEqualTo("postgres-cdc source 'reread' has not completed its snapshot: its next start reads every"
                        + " captured table, public.t included (nothing recorded)");
    }

    /**
     * {@code cdc-toolkit backfill} while the source runs ({@code running}: the run holds the state lock): the running
     * reader reads the table's rows within a second or so, between the transactions of its stream, which goes on. The
     * oracle is the table: the rows equal a {@code SELECT} of it at the request (nothing changes while they are read:
     * {@code NativeLiveBackfillTest} changes them), every event before them is a streamed change made before the request,
     * and the events applied in order give the table. Committing a streamed
     * event delivered before the rows does not commit them: a restart then reads them again (at its start), and the
     * changes since that commit follow. A request left while the source was stopped is read by its next start.
     */
    @Test
    void aTableAskedForWhileRunningHasItsRowsReadBetweenTransactionsThenTheStreamGoesOn() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_live");
        Map<String, Object> config = snapshotOfT(pg, db, "live", "(1, 'a'), (2, 'b'), (3, 'c')");
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("live", state);
        List<ChangeEvent> events;
        try (CdcReader reader = PgTestSupport.reader(config, "live", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            pg.execute(db, "UPDATE t SET v = 'a2' WHERE id = 1", "INSERT INTO t VALUES (4, 'd')");
            List<ChangeEvent> before = List.copyOf(harness.pollUntil(e -> e.size() >= 2, TIMEOUT, false));
            pg.execute(db, "DELETE FROM t WHERE id = 2", "UPDATE t SET v = 'c2' WHERE id = 3");
            // Delivered before the request: a key the stream changes after it gets no row (NativeLiveBackfillTest).
            harness.pollUntil(e -> e.size() >= 4, TIMEOUT, false);
            Map<Integer, String> atRequest = table(pg, db);
            assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), null, true))
                    .startsWith("postgres-cdc source 'live' is running: it reads the rows of public.t again within a"
                            + " second or so");
            events = harness.pollUntil(e -> e.stream().filter(x -> x.op() == Op.READ).count() >= atRequest.size(),
                    TIMEOUT, false);
            int firstRow = indexOfFirstRead(events);
            assertBackfillEquals(events.subList(firstRow, firstRow + atRequest.size()), atRequest, "t");
            assertThat(events.subList(0, firstRow)).extracting(e -> e.op() + " " + e.key().get("id"))
                    .containsExactly("UPDATE 1", "CREATE 4", "DELETE 2", "UPDATE 3");
            pg.execute(db, "INSERT INTO t VALUES (5, 'e')");
            events = harness.pollUntil(e -> e.stream().anyMatch(x -> Integer.valueOf(5).equals(x.key().get("id"))),
                    TIMEOUT, false);
            assertThat(applied(events)).containsExactlyEntriesOf(table(pg, db));
            assertThat(events.subList(firstRow + atRequest.size(), events.size()))
                    .extracting(e -> e.op() + " " + e.key().get("id")).endsWith("CREATE 5");
            try (var files = java.nio.file.Files.walk(state)) { // the request, taken, is gone
                assertThat(files.filter(f -> f.toString().endsWith(".tables"))).isEmpty();
            }
            // Committed: the streamed changes before the rows only. The rows are not, and are read again at the restart.
            reader.commit(before.get(before.size() - 1).position());
        }
        assertNextStartBackfillsTThenStreams(pg, db, config, "live", "DELETE 2", "UPDATE 3", "CREATE 5");
        // Left for a run that stopped before it took the request: the next start reads it.
        assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), null, true))
                .startsWith("postgres-cdc source 'live' is running");
        assertThat(newTablesItem(config, "live")).hasValueSatisfying(item -> assertThat(item.message())
                .startsWith("public.t read again on request (cdc-toolkit backfill): the next start reads its rows first"));
        Map<Integer, String> now = table(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "live", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> rows = harness.pollUntil(e -> e.size() >= now.size(), TIMEOUT, false);
            assertBackfillEquals(rows, now, "t");
            reader.commit(rows.get(rows.size() - 1).position());
            assertNextIsOnly(pg, db, harness);
        }
        assertThat(newTablesItem(config, "live")).isEmpty();
    }

    /**
     * A backfill asked for while a transaction holding an ID is open: the temporary slot's creation waits for it (as
     * PostgreSQL creates any logical slot); the stream goes on meanwhile (a change committed then is delivered, no row
     * is). Committing a streamed event from before the request meanwhile does not commit the rows not read yet (this run
     * read an earlier backfill's rows at its start). A stop is not held: close cancels the creation and leaves no slot
     * behind, and the request, saved, is read by the next start once the transaction ended.
     */
    @Test
    void aBackfillAskedForWhileATransactionIsOpenWaitsForItWithoutHoldingTheStreamOrTheStop() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_live_wait");
        Map<String, Object> config = snapshotOfT(pg, db, "livewait", "(1, 'a'), (2, 'b')");
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("livewait", state);
        factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), null, false);
        try (Connection open = pg.connect(db); Statement st = open.createStatement()) {
            CdcReader reader = PgTestSupport.reader(config, "livewait", state);
            try {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollUntil(e -> e.size() >= 2, TIMEOUT, false); // the start's backfill
                pg.execute(db, "UPDATE t SET v = 'b2' WHERE id = 2");
                List<ChangeEvent> read = harness.pollUntil(e -> e.size() >= 3, TIMEOUT, false);
                reader.commit(read.get(2).position()); // the start's backfill rows are committed
                pg.execute(db, "UPDATE t SET v = 'b3' WHERE id = 2");
                ChangeEvent beforeRequest = harness.pollUntil(e -> e.size() >= 4, TIMEOUT, false).get(3);
                open.setAutoCommit(false);
                st.execute("INSERT INTO t VALUES (10, 'open')"); // holds a transaction ID until it commits
                assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), null, true))
                        .contains("is running");
                pollFor(harness, Duration.ofMillis(1500)); // the request is taken, the slot's creation waits
                pg.execute(db, "UPDATE t SET v = 'a2' WHERE id = 1");
                pollFor(harness, Duration.ofSeconds(2));
                assertThat(harness.received()).hasSize(5);
                assertThat(harness.received().get(4)).extracting(e -> e.op() + " " + e.key().get("id"))
                        .isEqualTo("UPDATE 1");
                reader.commit(beforeRequest.position());
            } finally {
                long closing = System.nanoTime();
                reader.close();
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
            }
            assertThat(count(pg, db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '%\\_backfill'"))
                    .isZero();
            open.commit();
        }
        assertNextStartBackfillsTThenStreams(pg, db, config, "livewait", "UPDATE 1", "CREATE 10");
    }

    /**
     * The next start reads table t's rows again, as the server holds them now, then streams exactly {@code streamed}
     * ("OP id" each), and nothing else.
     */
    private void assertNextStartBackfillsTThenStreams(PostgresServer pg, String db, Map<String, Object> config, String name,
                                                      String... streamed) throws Exception {
        Map<Integer, String> t = table(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, name, state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> e.size() >= t.size() + streamed.length, TIMEOUT, false);
            assertBackfillEquals(events.subList(0, t.size()), t, "t");
            assertThat(events.subList(t.size(), events.size())).extracting(e -> e.op() + " " + e.key().get("id"))
                    .containsExactly(streamed);
            reader.commit(events.get(events.size() - 1).position());
            assertNextIsOnly(pg, db, harness);
        }
    }

    /**
     * {@code backfill --where}: only the rows the condition selects are read again (the oracle: a {@code SELECT} with it),
     * at the next start and by a running reader; the stream still delivers every change of the table. A condition the
     * server does not take (a misspelt column, a second statement) is refused with its message, and nothing is run.
     */
    @Test
    void onlyTheRowsAWhereConditionSelectsAreReadAgain() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_where");
        Map<String, Object> config = snapshotOfT(pg, db, "where", "(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
        PostgresSourceFactory factory = new PostgresSourceFactory();
        ComponentContext context = ComponentContext.of("where", state);
        assertThatThrownBy(() -> factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"),
                "nope > 1", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--where nope > 1 is not a condition on the rows of public.t")
                .hasMessageContaining("column \"nope\" does not exist");
        assertThatThrownBy(() -> factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"),
                "id > 1); DROP TABLE t; SELECT (1", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--where id > 1); DROP TABLE t; SELECT (1 is not one SQL condition: its ')' at character 7"
                        + " closes more than it opened");
        assertThat(table(pg, db)).hasSize(4);
        pg.execute(db, "UPDATE t SET v = 'a2' WHERE id = 1", "UPDATE t SET v = 'c2' WHERE id = 3");
        assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), "id >= 3", false))
                .startsWith("the next start of postgres-cdc source 'where' reads the rows where id >= 3 of public.t again");
        assertThat(newTablesItem(config, "where")).hasValueSatisfying(item -> assertThat(item.message())
                .startsWith("public.t read again on request (cdc-toolkit backfill; the rows where id >= 3 of public.t):"));
        try (CdcReader reader = PgTestSupport.reader(config, "where", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollUntil(e -> e.size() >= 4, TIMEOUT, false);
            assertBackfillEquals(events.subList(0, 2), table(pg, db, "t WHERE id >= 3"), "t");
            assertThat(events.subList(2, 4)).extracting(e -> e.op() + " " + e.key().get("id"))
                    .containsExactly("UPDATE 1", "UPDATE 3");
            reader.commit(events.get(3).position());
            harness.clear();
            assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), "v LIKE 'b%'", true))
                    .startsWith("postgres-cdc source 'where' is running: it reads the rows where v LIKE 'b%' of public.t");
            List<ChangeEvent> live = harness.pollUntil(e -> !e.isEmpty(), TIMEOUT, false);
            assertBackfillEquals(live, table(pg, db, "t WHERE v LIKE 'b%'"), "t");
            reader.commit(live.get(live.size() - 1).position());
            assertNextIsOnly(pg, db, harness);
        }
        // The rows are read in a READ ONLY transaction: a condition whose function writes fails, and writes nothing.
        pg.execute(db, "CREATE TABLE calls (n int)", "CREATE FUNCTION noted() RETURNS boolean LANGUAGE sql VOLATILE"
                + " AS 'INSERT INTO calls VALUES (1) RETURNING true'");
        factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), "noted()", false);
        try (CdcReader reader = PgTestSupport.reader(config, "where", state)) {
            reader.start();
            assertThatThrownBy(() -> new ReaderHarness(reader).pollUntil(e -> !e.isEmpty(), TIMEOUT, false))
                    .hasMessageContaining("read-only transaction");
        }
        assertThat(count(pg, db, "SELECT count(*) FROM calls")).isZero();
    }

    /** The number a {@code SELECT count(*)} gives. */
    private static long count(PostgresServer pg, String db, String countQuery) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(countQuery)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void pollFor(ReaderHarness harness, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        harness.pollUntil(e -> System.nanoTime() > end, duration.plusSeconds(5), false);
    }

    private static int indexOfFirstRead(List<ChangeEvent> events) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).op() == Op.READ) return i;
        throw new AssertionError("no op r event in " + events.size());
    }

    /** The table a consumer applying {@code events} in order holds: id → v. */
    private static Map<Integer, String> applied(List<ChangeEvent> events) {
        Map<Integer, String> applied = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (e.op() == Op.DELETE) {
                applied.remove((Integer) e.key().get("id"));
            } else {
                applied.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v"));
            }
        }
        return applied;
    }

    /** {@code check}'s {@code new_tables} item for the source, if any. */
    private Optional<PrerequisiteCheck> newTablesItem(Map<String, Object> config, String name) throws Exception {
        return new PostgresSourceFactory().check(PgTestSupport.options(config), ComponentContext.of(name, state))
                .item(NewTablesCheck.CHECK);
    }

    /**
     * A table put in the publication by hand after the snapshot and changed before the start that captures it: the slot
     * sends those changes, which the backfill's rows already hold, so the stream leaves them out (repeated after the rows
     * they would make a deleted row reappear-then-vanish and an old value come back). A start whose backfill rows were
     * read but not committed (a crash) reads them again; a start after they were committed does not, and still leaves
     * out those changes while the slot has not confirmed past the backfill.
     */
    @Test
    void theChangesABackfillHoldsAreNotStreamedAgainAndAnUncommittedBackfillIsReadAgain() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_snap_backfill_held");
        Map<String, Object> config = snapshotOfTAlone(pg, db, "held", "(1, 'before')");
        config.put("heartbeat_interval_ms", 0); // nothing but the test's own changes moves the confirmed position
        pg.execute(db, "ALTER PUBLICATION " + publication(pg, db) + " ADD TABLE u",
                "UPDATE u SET v = 'changed' WHERE id = 1", "INSERT INTO u VALUES (2, 'published')",
                "INSERT INTO u VALUES (3, 'gone')", "DELETE FROM u WHERE id = 3");
        Map<Integer, String> u = table(pg, db, "u");
        config.put("include_tables", List.of("public.t", "public.u"));

        try (CdcReader reader = PgTestSupport.reader(config, "held", state)) {
            reader.start();
            assertBackfillEquals(new ReaderHarness(reader).pollUntil(e -> e.size() >= u.size(), TIMEOUT, false), u);
        }
        try (CdcReader reader = PgTestSupport.reader(config, "held", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertBackfillEquals(harness.pollAtLeast(u.size(), TIMEOUT), u);
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (500, 'not committed')");
            List<ChangeEvent> next = harness.pollUntil(e -> !e.isEmpty(), TIMEOUT, false);
            assertThat(next).extracting(e -> e.op() + " " + e.table().table() + ":" + e.key().get("id"))
                    .containsExactly("CREATE t:500");
        }
        try (CdcReader reader = PgTestSupport.reader(config, "held", state)) {
            reader.start();
            List<ChangeEvent> next = new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            assertThat(next).extracting(e -> e.op() + " " + e.table().table() + ":" + e.key().get("id"))
                    .containsExactly("CREATE t:500");
        }
    }

    /**
     * Tables t (two rows) and u (rows {@code uValues}), and the config of a source capturing t alone, whose snapshot is
     * read and committed.
     */
    private Map<String, Object> snapshotOfTAlone(PostgresServer pg, String db, String name, String uValues)
            throws Exception {
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE u (id int PRIMARY KEY, v text)",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO u VALUES " + uValues);
        Map<String, Object> config = config(pg, db, "initial");
        config.put("include_tables", List.of("public.t"));
        snapshotOf(config, name, table(pg, db, "t"));
        return config;
    }

    /**
     * Table t holding {@code values} ({@code (id, 'v'), ...}), and the config of a source named {@code name} capturing
     * it, whose snapshot is read and committed.
     */
    private Map<String, Object> snapshotOfT(PostgresServer pg, String db, String name, String values) throws Exception {
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES " + values);
        Map<String, Object> config = config(pg, db, "initial");
        snapshotOf(config, name, table(pg, db));
        return config;
    }

    /** Starts a reader of {@code config}, reads its snapshot (equal to {@code rows}) and commits it. */
    private void snapshotOf(Map<String, Object> config, String name, Map<Integer, String> rows) throws Exception {
        try (CdcReader reader = PgTestSupport.reader(config, name, state)) {
            reader.start();
            List<ChangeEvent> snapshot = new ReaderHarness(reader).pollAtLeast(rows.size(), TIMEOUT);
            assertSnapshotEquals(snapshot, rows);
            reader.commit(snapshot.get(snapshot.size() - 1).position()); // the snapshot is done, and saved as such
        }
    }

    private static String publication(PostgresServer pg, String db) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pubname FROM pg_publication")) {
            assertThat(rs.next()).isTrue();
            return '"' + rs.getString(1) + '"';
        }
    }

    /** The events are a backfill of table u equal to {@code expected} (id → v): each row once, op r, marked incremental. */
    private static void assertBackfillEquals(List<ChangeEvent> events, Map<Integer, String> expected) {
        assertBackfillEquals(events, expected, "u");
    }

    /** The events are a backfill of {@code table} equal to {@code expected} (id → v): each row once, op r, marked incremental. */
    private static void assertBackfillEquals(List<ChangeEvent> events, Map<Integer, String> expected, String table) {
        assertThat(events).hasSize(expected.size());
        assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.READ);
        assertThat(events).extracting(e -> e.table().table()).containsOnly(table);
        assertThat(events).extracting(e -> Envelope.source(e.value()).get("snapshot")).containsOnly("incremental");
        // What deduplication (key: content) tells a backfill's rows from re-deliveries by.
        assertThat(events).extracting(e -> e.position().offset().get(SourcePosition.BACKFILL)).containsOnly(true);
        Map<Integer, String> read = new TreeMap<>();
        for (ChangeEvent e : events) read.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v"));
        assertThat(read).containsExactlyEntriesOf(expected);
    }

    private static Map<String, Object> config(PostgresServer pg, String db, String snapshotMode) {
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("snapshot_mode", snapshotMode);
        config.put("offset_flush_interval_ms", 0); // every commit saved before commit returns
        return config;
    }

    /**
     * The events are one snapshot of exactly {@code expected} (id → v), each row once, in any order (COPY reads
     * the heap's order): op r, Debezium's first / last markers.
     */
    private static void assertSnapshotEquals(List<ChangeEvent> events, Map<Integer, String> expected) {
        assertThat(events).hasSize(expected.size());
        assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.READ);
        Map<Integer, String> read = new TreeMap<>();
        for (ChangeEvent e : events) read.put((Integer) e.key().get("id"), (String) Envelope.after(e.value()).get("v"));
        assertThat(read).containsExactlyEntriesOf(expected);
        List<Object> markers = new ArrayList<>();
        for (ChangeEvent e : events) markers.add(Envelope.source(e.value()).get("snapshot"));
        assertThat(markers.get(0)).isEqualTo("first");
        assertThat(markers.get(markers.size() - 1)).isEqualTo("last");
        assertThat(markers.subList(1, markers.size() - 1)).allMatch("true"::equals);
        assertThat(events).extracting(e -> e.position().offset().get(SourcePosition.BACKFILL)).containsOnlyNulls();
    }

    /** Nothing else is on its way: a row inserted now is the very next event. */
    private void assertNextIsOnly(PostgresServer pg, String db, ReaderHarness harness) throws Exception {
        int id = sentinel++;
        harness.clear();
        pg.execute(db, "INSERT INTO t VALUES (" + id + ", 'sentinel')");
        List<ChangeEvent> next = harness.pollAtLeast(1, TIMEOUT);
        assertThat(next).extracting(e -> e.key().get("id")).containsExactly(id);
        assertThat(next).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
    }

    /** Table t as the server holds it now: id → v. */
    private static Map<Integer, String> table(PostgresServer pg, String db) throws Exception {
        return table(pg, db, "t");
    }

    /** The table as the server holds it now: id → v. */
    static Map<Integer, String> table(PostgresServer pg, String db, String table) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM " + table)) {
            while (rs.next()) rows.put(rs.getInt(1), rs.getString(2));
        }
        return rows;
    }
}
