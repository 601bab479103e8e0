package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillContract;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.assertSnapshotRows;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.id;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.lastRowCame;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.read;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.requestsLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdc-toolkit backfill} on postgres-cdc with {@code engine: debezium} ({@link DebeziumEngineBackfill}): the
 * Debezium-engine sources' contract ({@link BlockingBackfillContract}: running under a writer, stopped before the last
 * row), and a condition on a table another inherits from (with a column Debezium leaves out).
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

    /**
     * Asked for while stopped, with a condition, on a table another inherits from: the next start reads the rows the
     * condition selects, each once under the table holding it (the inheritor's under the inheritor, as the stream sends
     * its changes; not again under the parent), and streams the changes made meanwhile; a start after that reads nothing
     * again. Refused: a misspelt table, a condition the server does not take, and snapshot_mode always; a condition
     * selecting no row records nothing.
     */
    @Test
    void aTableAskedForWhileStoppedIsReadAtTheNextStartWhereTheConditionSelectsItsOwnRows() throws Exception {
        String db = createDatabase("backfill_next");
        pg.execute(db, "CREATE TABLE t_archive (PRIMARY KEY (id)) INHERITS (t)",
                "INSERT INTO t_archive (id, v) VALUES (-1, 'archived'), (-2, 'x')");
        Map<String, Object> config = config(db);
        excludeSecret(config, db);
        try (CdcReader reader = reader(config, "next")) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS + 4, TIMEOUT);
        }
        pg.execute(db, "UPDATE t SET v = 'changed' WHERE id IN (5, 50)", "DELETE FROM t WHERE id = 7");
        TableBackfills factory = factory();
        ComponentContext context = ComponentContext.of("next", state);
        Options options = options(config);
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("tt"), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.tt (did you mean public.t?) is not a table postgres-cdc source 'next' captures: name"
                        + " captured tables (cdc-toolkit discover lists them), or capture it first (include_tables, then"
                        + " ask again)");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "totl > 1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--where totl > 1 is not a condition on the rows of public.t:")
                .hasMessageContaining("column \"totl\" does not exist");
        Map<String, Object> always = new HashMap<>(config);
        always.put("snapshot_mode", "always");
        assertThatThrownBy(() -> factory.requestBackfill(options(always), context, List.of("t"), null, false))
                .hasMessageContaining("snapshot_mode: always reads every captured table at every start already");
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id > " + (2 * ROWS), false))
                .isEqualTo("nothing to read again: no row of public.t, public.t_archive has id > " + (2 * ROWS)
                        + " (nothing recorded; the rows written from now on come with the stream)");
        assertThat(requestsLeft(state)).as("nothing left by a refused request, nor by one that reads no row").isEmpty();
        assertThat(backfillItem(options, context)).isEmpty();
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id <= 100", false))
                .startsWith("the next start of postgres-cdc source 'next' sends the request: Debezium pauses the stream");
        assertThat(backfillItem(options, context)).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).startsWith("public.t, public.t_archive read again on request (cdc-toolkit"
                    + " backfill)");
        });

        Map<Integer, String> selected = new TreeMap<>(table(db, "ONLY t"));
        selected.keySet().removeIf(id -> id > 100);
        Map<Integer, String> archived = table(db, "t_archive");
        try (CdcReader reader = reader(config, "next")) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e)
                    && e.stream().anyMatch(c -> c.op() == Op.DELETE), TIMEOUT, true);
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 5", "UPDATE 50", "DELETE 7");
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertThat(read(rows.stream().filter(e -> e.table().table().equals("t")).toList()))
                    .as("t's own rows").containsExactlyEntriesOf(selected);
            assertThat(read(rows.stream().filter(e -> e.table().table().equals("t_archive")).toList()))
                    .as("t_archive's, under it").containsExactlyEntriesOf(archived);
            assertThat(rows).hasSize(selected.size() + archived.size());
            assertSnapshotRows(rows);
            assertNoSecret(rows.stream().filter(e -> e.table().table().equals("t")).toList()); // t_archive's is its own
        }
        assertThat(requestsLeft(state)).isEmpty();
        assertThat(backfillItem(options, context)).as("check, once the rows are committed").isEmpty();
        assertNextStartStreamsOnly(config, "next", db);
    }
}
