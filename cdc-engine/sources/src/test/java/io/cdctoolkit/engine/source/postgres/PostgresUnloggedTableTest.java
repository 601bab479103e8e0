package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unlogged table that include_tables matches: PostgreSQL writes no WAL for it, so no change of it can be streamed.
 * Before, the source failed to start with a filtered publication ("cannot add relation … to publication"), and with
 * a FOR ALL TABLES one snapshotted its rows and never delivered a change of it. Now, in both engines and both
 * publication modes, it is not captured at all (no snapshot row either), {@code check} warns naming it, and the
 * other tables stream.
 */
class PostgresUnloggedTableTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @ParameterizedTest(name = "engine: {0}, publication_autocreate: {1}")
    @CsvSource({"native, filtered", "native, all_tables", "debezium, filtered", "debezium, all_tables"})
    void anUnloggedTableIsNotCapturedAndCheckSaysSo(String engine, String publication) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_unlogged_" + engine + "_" + publication);
        pg.execute(db, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY)",
                "INSERT INTO kept VALUES (1)", "INSERT INTO scratch VALUES (1)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("publication_autocreate", publication);
        config.put("slot_name", "unlogged_" + engine + "_" + publication);
        PostgresSourceFactory factory = new PostgresSourceFactory();

        PrerequisiteReport report = factory.check(PgTestSupport.options(config), ComponentContext.of("unlogged", state));
        PrerequisiteCheck unlogged = report.item("unlogged_tables").orElseThrow();
        assertThat(unlogged.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
        assertThat(unlogged.message()).contains(db + ".public.scratch").doesNotContain("kept");
        assertThat(factory.discover(PgTestSupport.options(config), ComponentContext.of("unlogged", state)))
                .extracting(t -> t.id().table()).containsExactly("kept");

        try (CdcReader reader = PgTestSupport.reader(config, "unlogged", state.resolve("reader"))) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO scratch VALUES (2)", "INSERT INTO kept VALUES (2)");
            List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
            assertThat(events).extracting(e -> e.table().table() + ":" + e.key().get("id"))
                    .containsExactly("kept:1", "kept:2");
        }
        // Not a table the next start would read as captured since the snapshot: it is not captured at all.
        assertThat(factory.check(PgTestSupport.options(config), ComponentContext.of("unlogged", state.resolve("reader")))
                .item("new_tables")).isEmpty();
    }
}
