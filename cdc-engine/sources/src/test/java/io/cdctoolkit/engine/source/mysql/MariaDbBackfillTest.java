package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillContract;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.applied;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.assertSnapshotRows;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.id;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.lastRowCame;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.read;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.requestsLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdc-toolkit backfill} on mariadb-cdc ({@link BinlogBackfill}): the Debezium-engine sources' contract
 * ({@link BlockingBackfillContract}: running under a writer, stopped before the last row), and a condition (with a
 * column Debezium leaves out).
 */
class MariaDbBackfillTest extends BlockingBackfillContract {

    private final MariaDbServer maria = MariaDbTestSupport.server();

    @Override
    protected String createDatabase(String name) throws Exception {
        String db = maria.createDatabase("maria_" + name);
        maria.execute(db, tables("INSERT INTO t (id, v) SELECT seq, CONCAT('v', seq) FROM seq_1_to_" + ROWS));
        return db;
    }

    @Override
    protected void execute(String db, String... sql) throws Exception {
        maria.execute(db, sql);
    }

    @Override
    protected Connection connect(String db) throws Exception {
        return maria.connect(db);
    }

    @Override
    protected Map<String, Object> config(String db) {
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("offset_flush_interval_ms", 0);
        return config;
    }

    @Override
    protected Options options(Map<String, Object> config) throws Exception {
        return MariaDbTestSupport.options(config);
    }

    @Override
    protected CdcReader reader(Map<String, Object> config, String name) throws Exception {
        return MariaDbTestSupport.reader(config, name, state);
    }

    @Override
    protected TableBackfills factory() {
        return new MariaDbSourceFactory();
    }

    @Override
    protected String upsert(int id, String v) {
        return "INSERT INTO t (id, v) VALUES (" + id + ", '" + v + "') ON DUPLICATE KEY UPDATE v = '" + v + "'";
    }

    @Override
    protected String qualified(String db, String table) {
        return db + "." + table;
    }

    @Override
    protected String connector() {
        return "mariadb-cdc";
    }

    /**
     * Asked for while the source is stopped (changes made meanwhile), with a condition: its next start reads the rows
     * the condition selects, as the table holds them, and streams the changes it had not delivered; a start after that
     * reads nothing again. A misspelt table and a condition the server does not take are refused, saying why; a
     * condition that selects no row records nothing.
     */
    @Test
    void aTableAskedForWhileStoppedIsReadAtTheNextStartWhereTheConditionSelects() throws Exception {
        String db = createDatabase("backfill_next");
        Map<String, Object> config = config(db);
        excludeSecret(config, db);
        try (CdcReader reader = reader(config, "next")) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS + 2, TIMEOUT);
        }
        maria.execute(db, "UPDATE t SET v = 'changed' WHERE id IN (5, 50)", "DELETE FROM t WHERE id = 7");
        TableBackfills factory = factory();
        ComponentContext context = ComponentContext.of("next", state);
        Options options = options(config);
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("tt"), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(db + ".tt (did you mean " + db + ".t?) is not a table mariadb-cdc source 'next'"
                        + " captures");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "totl > 1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--where totl > 1 is not a condition on the rows of " + db + ".t:")
                .hasMessageContaining("Unknown column 'totl'");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "id < 100; DELETE FROM t", false))
                .hasMessage("--where id < 100; DELETE FROM t is not one SQL condition: its ';' at character 9 would end"
                        + " the statement");
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id > " + (2 * ROWS), false))
                .isEqualTo("nothing to read again: no row of " + db + ".t has id > " + (2 * ROWS) + " (nothing recorded;"
                        + " the rows written from now on come with the stream)");
        assertThat(requestsLeft(state)).as("nothing left by a refused request, nor by one that reads no row").isEmpty();
        assertThat(backfillItem(options, context)).isEmpty();
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id <= 100", false))
                .startsWith("the next start of mariadb-cdc source 'next' sends the request: Debezium pauses the stream");
        assertThat(backfillItem(options, context)).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).startsWith(db + ".t read again on request (cdc-toolkit backfill)");
        });

        Map<Integer, String> selected = new TreeMap<>(table(db, "t"));
        selected.keySet().removeIf(id -> id > 100);
        try (CdcReader reader = reader(config, "next")) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e)
                    && e.stream().anyMatch(c -> c.op() == Op.DELETE), TIMEOUT, true);
            // The changes made while stopped, in their order; the rows before or after them, as the signal is taken
            // before or after the stream has caught up.
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 5", "UPDATE 50", "DELETE 7");
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertThat(read(rows)).containsExactlyEntriesOf(selected);
            assertThat(rows).hasSize(selected.size());
            assertSnapshotRows(rows);
            assertNoSecret(rows);
            assertThat(applied(events)).containsExactlyEntriesOf(selected);
        }
        assertThat(requestsLeft(state)).isEmpty();
        assertThat(backfillItem(options, context)).as("check, once the rows are committed").isEmpty();
        assertNextStartStreamsOnly(config, "next", db);
    }
}
