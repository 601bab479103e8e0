package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillContract;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.assertSnapshotRows;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdc-toolkit backfill} on postgres-cdc with {@code engine: debezium} ({@link DebeziumEngineBackfill}): the
 * Debezium-engine sources' contract, and a table another inherits from.
 */
class PostgresDebeziumBackfillTest extends BlockingBackfillContract {

    @RegisterExtension
    final PgDatabases databases = new PgDatabases();
    private final PostgresServer pg = PostgresServer.shared();

    @Override
    protected String createDatabase(String name) throws Exception {
        String db = databases.create("pg_dbz_" + name);
        pg.execute(db, tables("INSERT INTO t (id, v) SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g"));
        return db;
    }

    @Override
    protected void execute(String db, String... sql) throws Exception {
        pg.execute(db, sql);
    }

    @Override
    protected Connection connect(String db) throws Exception {
        return pg.connect(db);
    }

    @Override
    protected Map<String, Object> config(String db) {
        Map<String, Object> config = PgTestSupport.config(pg, db); // engine: debezium
        config.put("offset_flush_interval_ms", 0);
        return config;
    }

    @Override
    protected Options options(Map<String, Object> config) throws Exception {
        return PgTestSupport.options(config);
    }

    @Override
    protected CdcReader reader(Map<String, Object> config, String name) throws Exception {
        return PgTestSupport.reader(config, name, state);
    }

    @Override
    protected TableBackfills factory() {
        return new PostgresSourceFactory();
    }

    @Override
    protected String upsert(int id, String v) {
        return "INSERT INTO t (id, v) VALUES (" + id + ", '" + v + "') ON CONFLICT (id) DO UPDATE SET v = '" + v + "'";
    }

    @Override
    protected String qualified(String db, String table) {
        return "public." + table;
    }

    @Override
    protected String connector() {
        return "postgres-cdc";
    }

    @Override
    protected boolean streamsTablesCreatedWhileStopped() {
        return false;
    }

    @Override
    protected String unknownColumn(String column) {
        return "column \"" + column + "\" does not exist";
    }

    /**
     * On a table another inherits from: the backfill reads each row once under the table holding it — the table's own
     * rows ({@code FROM ONLY}, as the engine's snapshot reads them), the inheritor's under the inheritor (as the stream
     * sends its changes), also with a condition; the command names both (the inheritor is captured), and a misspelt
     * name is refused with the nearest one and the Debezium engine's fix.
     */
    @Test
    void aTableAnotherInheritsFromIsReadEachRowOnceUnderTheTableHoldingIt() throws Exception {
        String db = createDatabase("backfill_inherit");
        pg.execute(db, "CREATE TABLE t_archive (PRIMARY KEY (id)) INHERITS (t)",
                "INSERT INTO t_archive (id, v) VALUES (-1, 'archived'), (-2, 'x')");
        Map<String, Object> config = config(db);
        try (CdcReader reader = reader(config, "inherit")) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS + 4, TIMEOUT);
        }
        ComponentContext context = ComponentContext.of("inherit", state);
        // Not the native engine's hint (its next start reads a newly captured table's rows; Debezium's only warns).
        assertThatThrownBy(() -> factory().requestBackfill(options(config), context, List.of("t_archiv"), null, false))
                .hasMessage("public.t_archiv (did you mean public.t_archive?) is not a table postgres-cdc source 'inherit'"
                        + " captures: name captured tables (cdc-toolkit discover lists them), or capture it first"
                        + " (include_tables, then ask again)");
        assertThat(factory().requestBackfill(options(config), context, List.of("t"), "id <= 100", false))
                .contains("reads the rows where id <= 100 of public.t, public.t_archive again");

        Map<Integer, String> own = new TreeMap<>(table(db, "ONLY t"));
        own.keySet().removeIf(id -> id > 100);
        try (CdcReader reader = reader(config, "inherit")) {
            reader.start();
            List<ChangeEvent> rows = new ReaderHarness(reader).pollUntil(BlockingBackfillEvents::lastRowCame, TIMEOUT,
                    true);
            assertThat(read(rows.stream().filter(e -> e.table().table().equals("t")).toList()))
                    .as("t's own rows").containsExactlyEntriesOf(own);
            assertThat(read(rows.stream().filter(e -> e.table().table().equals("t_archive")).toList()))
                    .as("t_archive's, under it").containsExactlyEntriesOf(table(db, "t_archive"));
            assertThat(rows).hasSize(own.size() + 2);
            assertSnapshotRows(rows);
        }
    }

    /**
     * A backfill asked for while the source had {@code engine: debezium}, then the source switched to the native engine,
     * which takes requests from a folder of its own: {@code check} warns that the rows would not be read, naming the
     * table and what to do, and so does the start (a WARN); the Debezium engine's own check has no such item.
     */
    @Test
    void aRequestLeftForTheDebeziumEngineIsWarnedOfOnceTheSourceRunsTheNativeEngine() throws Exception {
        String db = createDatabase("backfill_switch");
        Map<String, Object> config = config(db);
        snapshotThenStop(config, "switch");
        ComponentContext context = ComponentContext.of("switch", state);
        assertThat(factory().requestBackfill(options(config), context, List.of("t"), null, false))
                .startsWith("the next start of postgres-cdc source 'switch' sends the request");
        Map<String, Object> nativeConfig = new java.util.HashMap<>(config);
        nativeConfig.put("engine", "native");

        PostgresSourceFactory factory = new PostgresSourceFactory();
        assertThat(factory.check(options(config), context).item(OtherEngineBackfillRequests.CHECK)).isEmpty();
        PrerequisiteCheck item = factory.check(options(nativeConfig), context).item(OtherEngineBackfillRequests.CHECK)
                .orElseThrow();
        assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
        assertThat(item.message()).isEqualTo("backfill of public.t asked for (cdc-toolkit backfill) while the source had"
                + " engine: debezium waits in " + state.resolve("backfill-requests") + ", which engine: native does not"
                + " read: their rows are not read again");
        assertThat(item.fix()).isEqualTo("set engine: debezium until the source has read them, or ask again with"
                + " cdc-toolkit backfill and delete " + state.resolve("backfill-requests"));

        Logger logger = (Logger) LoggerFactory.getLogger(OtherEngineBackfillRequests.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (CdcReader reader = reader(nativeConfig, "switch")) {
            reader.start();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("postgres-cdc source 'switch': " + item.message() + "; " + item.fix());
    }

    /**
     * Asked for while the reader runs on an idle database, the engine restarted with nothing written since: the rows
     * come, each once, without waiting for a change. Debezium's restarted connector takes no signal until its search for
     * the resume position has found a record after the saved one (heartbeats' messages do not end it), so the reader
     * writes one when it sends a request ({@link io.cdctoolkit.engine.source.debezium.BackfillWake}) — while running as
     * at a start.
     */
    @Test
    void aTableAskedForWhileRunningOnAnIdleDatabaseIsReadWithoutWaitingForAChange() throws Exception {
        String db = createDatabase("backfill_idle");
        Map<String, Object> config = config(db);
        config.put("heartbeat_interval_ms", 200);
        try (CdcReader reader = reader(config, "idle")) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(ROWS + 2, TIMEOUT);
            // Idle for a while: heartbeats carry the saved position past the snapshot, to the last thing streamed.
            long idleUntil = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
            harness.pollUntil(e -> System.nanoTime() > idleUntil, TIMEOUT, true);
        }
        try (CdcReader reader = reader(config, "idle")) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollUntil(e -> true, TIMEOUT, true);
            assertThat(factory().requestBackfill(options(config), ComponentContext.of("idle", state), List.of("t"), null,
                    true)).startsWith("postgres-cdc source 'idle' is running");
            List<ChangeEvent> rows = harness.pollUntil(BlockingBackfillEvents::lastRowCame, TIMEOUT, true);
            assertThat(read(rows)).containsExactlyEntriesOf(table(db, "t"));
            assertThat(rows).hasSize(ROWS);
            assertSnapshotRows(rows);
        }
    }
}
