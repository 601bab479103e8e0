package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL 18's not-null constraints added {@code NOT VALID}: {@code pg_attribute.attnotnull} is set while rows
 * written before may still hold NULLs. The native engine reads such a column as optional and delivers the NULLs as
 * null; the Debezium engine — which took the column for NOT NULL and delivered the NULLs as {@code ""}, the DEFAULT
 * and 1970-01-01 — does not start on them, and {@code check} says why.
 */
class PostgresUnvalidatedNotNullTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Row 1 holds NULLs where the constraints added after it say none can be; row 2 came after them. */
    private static final String[] TABLE = {
            "CREATE TABLE t (id int PRIMARY KEY, v text, n int DEFAULT 7, d date, checked text NOT NULL)",
            "ALTER TABLE t REPLICA IDENTITY FULL",
            "INSERT INTO t VALUES (1, NULL, NULL, NULL, 'a')",
            "ALTER TABLE t ADD CONSTRAINT v_nn NOT NULL v NOT VALID",
            "ALTER TABLE t ADD CONSTRAINT n_nn NOT NULL n NOT VALID",
            "ALTER TABLE t ADD CONSTRAINT d_nn NOT NULL d NOT VALID",
            "INSERT INTO t VALUES (2, 'x', 5, '2020-01-01', 'b')"};

    @TempDir
    Path state;

    @Test
    void theNativeEngineReadsTheColumnsAsOptionalAndTheirNullsAsNull() throws Exception {
        PostgresServer pg = PostgresServer.newest();
        String db = withTable(pg, "pg_not_valid_native");
        pg.execute(db, "CREATE TABLE u (id int PRIMARY KEY, w text)", "ALTER TABLE u REPLICA IDENTITY FULL",
                "INSERT INTO u VALUES (1, NULL)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "native");
        try (CdcReader reader = PgTestSupport.reader(config, "not_valid", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(3, TIMEOUT).stream()
                    .filter(e -> e.table().table().equals("t")).toList();
            Row old = Envelope.after(snapshot.get(0).value());
            assertThat(old.get("id")).isEqualTo(1);
            assertThat(old.get("v")).isNull();
            assertThat(old.get("n")).as("not the DEFAULT").isNull();
            assertThat(old.get("d")).isNull();
            assertOptionality(old);
            assertThat(Envelope.after(snapshot.get(1).value()).get("n")).isEqualTo(5);

            // A constraint added while streaming (table u, captured before it): the relation message after it has the
            // catalog read again, and the old row's NULL arrives as null in the delete's before image.
            harness.clear();
            pg.execute(db, "ALTER TABLE u ADD CONSTRAINT w_nn NOT NULL w NOT VALID", "DELETE FROM u WHERE id = 1",
                    "DELETE FROM t WHERE id = 1");
            List<ChangeEvent> stream = harness.pollAtLeast(2, TIMEOUT);
            assertThat(stream).extracting(ChangeEvent::op).containsExactly(Op.DELETE, Op.DELETE);
            Row u = Envelope.before(stream.get(0).value());
            assertThat(u.get("w")).isNull();
            assertThat(u.schema().field("w").optional()).isTrue();
            Row t = Envelope.before(stream.get(1).value());
            assertThat(t.get("v")).isNull();
            assertOptionality(t);
        }
    }

    @Test
    void theDebeziumEngineDoesNotStartOnThemAndCheckSaysWhy() throws Exception {
        PostgresServer pg = PostgresServer.newest();
        String db = withTable(pg, "pg_not_valid_debezium");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        String columns = "public.t.d (constraint d_nn), public.t.n (constraint n_nn), public.t.v (constraint v_nn)";
        try (CdcReader reader = PgTestSupport.reader(config, "not_valid_dbz", state)) {
            assertThatThrownBy(reader::start).hasStackTraceContaining("not-null constraint(s) not validated yet"
                    + " (NOT VALID) on " + columns).hasStackTraceContaining("VALIDATE CONSTRAINT");
        }
        PrerequisiteCheck item = checkItems(config).stream().filter(i -> i.name().equals("unvalidated_not_null"))
                .findFirst().orElseThrow();
        assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
        assertThat(item.message()).contains(columns);
        assertThat(item.fix()).contains("engine: native");

        config.put("engine", "native");
        assertThat(checkItems(config)).as("the native engine reads them").extracting(PrerequisiteCheck::name)
                .doesNotContain("unvalidated_not_null");

        // Validated (row 1 filled in first), the columns hold no NULL and the Debezium engine starts.
        pg.execute(db, "UPDATE t SET v = 'y', n = 8, d = '2022-01-01' WHERE id = 1",
                "ALTER TABLE t VALIDATE CONSTRAINT v_nn", "ALTER TABLE t VALIDATE CONSTRAINT n_nn",
                "ALTER TABLE t VALIDATE CONSTRAINT d_nn");
        config.put("engine", "debezium");
        try (CdcReader reader = PgTestSupport.reader(config, "not_valid_dbz", state)) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(2, TIMEOUT)).extracting(e -> e.key().get("id"))
                    .containsExactlyInAnyOrder(1, 2);
        }
    }

    @Test
    void discoverListsTheColumnsAsNullableUntilValidated() throws Exception {
        PostgresServer pg = PostgresServer.newest();
        String db = withTable(pg, "pg_not_valid_discover");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        assertThat(columns(config)).containsExactly(
                new DiscoveredTable.Column("id", "integer", false),
                new DiscoveredTable.Column("v", "text", true),
                new DiscoveredTable.Column("n", "integer", true, "7"),
                new DiscoveredTable.Column("d", "date", true),
                new DiscoveredTable.Column("checked", "text", false));
        pg.execute(db, "UPDATE t SET v = 'y', n = 8, d = '2022-01-01' WHERE id = 1", "ALTER TABLE t VALIDATE CONSTRAINT v_nn");
        assertThat(columns(config)).contains(new DiscoveredTable.Column("v", "text", false));
    }

    /** A new database {@code name} holding {@link #TABLE}. */
    private static String withTable(PostgresServer pg, String name) throws Exception {
        String db = pg.createDatabase(name);
        pg.execute(db, TABLE);
        return db;
    }

    private static void assertOptionality(Row row) {
        assertThat(row.schema().field("v").optional()).isTrue();
        assertThat(row.schema().field("n").optional()).isTrue();
        assertThat(row.schema().field("d").optional()).isTrue();
        assertThat(row.schema().field("checked").optional()).as("a validated NOT NULL").isFalse();
    }

    private List<DiscoveredTable.Column> columns(Map<String, Object> config) throws Exception {
        return new PostgresSourceFactory().discover(PgTestSupport.options(config), ComponentContext.of("d", state))
                .get(0).columns();
    }

    private List<PrerequisiteCheck> checkItems(Map<String, Object> config) throws Exception {
        return new PostgresSourceFactory().check(PgTestSupport.options(config), ComponentContext.of("c", state)).items();
    }
}
