package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A publication made by hand that leaves changes out — operations it does not publish, and (PostgreSQL 15+) a row filter
 * or a column list on a captured table: {@code check} warns of each, naming the table, what is left out and the fix
 * (of a column list, the Debezium engine's snapshot copies what the stream never sends; the snapshots copy only what
 * the publication sends otherwise: {@link PostgresPublishedTablesTest}); filters on tables the source does not capture
 * are not its
 * business. The toolkit's own publications have none of these, and a start keeps those of one made by hand.
 */
class PostgresPublicationFiltersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void checkWarnsOfWhatAPublicationLeavesOut(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_publication_filters_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, a text, b text)", "CREATE TABLE u (id int PRIMARY KEY)",
                "CREATE TABLE v (id int PRIMARY KEY)",
                "CREATE PUBLICATION by_hand FOR TABLE t (id, a) WHERE (id > 0), u, v WHERE (id < 10)"
                        + " WITH (publish = 'insert, update')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("include_tables", List.of("public.t", "public.u"));
        config.put("publication", "by_hand");
        config.put("publication_autocreate", "disabled");
        PostgresSourceFactory factory = new PostgresSourceFactory();
        try {
            PrerequisiteReport report = factory.check(PgTestSupport.options(config), ComponentContext.of("pf", state));

            PrerequisiteCheck operations = report.item("publication_operations").orElseThrow();
            assertThat(operations.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(operations.message()).contains("by_hand does not publish delete");
            assertThat(operations.fix()).contains("publish = 'insert, update, delete, truncate'");
            PrerequisiteCheck rows = report.item("publication_row_filter public.t").orElseThrow();
            assertThat(rows.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(rows.message()).contains("only the rows of public.t where (id > 0)", "the events have only those");
            assertThat(rows.fix()).contains("filter transform");
            PrerequisiteCheck columns = report.item("publication_column_list public.t").orElseThrow();
            assertThat(columns.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(columns.message()).contains("only the columns id, a of public.t", engine.equals("native")
                    ? "the events have only those" : "the snapshot's rows have every column");
            assertThat(columns.fix()).contains("column_filters");
            assertThat(report.items()).extracting(PrerequisiteCheck::name)
                    .noneMatch(name -> name.endsWith("public.u") && name.startsWith("publication_"))
                    .noneMatch(name -> name.endsWith("public.v"));

            config.put("publication", "made_by_the_toolkit");
            config.put("publication_autocreate", "filtered");
            assertThat(factory.check(PgTestSupport.options(config), ComponentContext.of("pf", state)).items())
                    .extracting(PrerequisiteCheck::name).noneMatch(name -> name.startsWith("publication_"));
        } finally {
            pg.execute(db, "DROP PUBLICATION by_hand");
        }
    }

    /**
     * With {@code publication_autocreate: filtered} (the default) and a publication made by hand that already holds
     * the captured tables, a start leaves it as it is, as Debezium's filtered mode does: the native engine set its
     * tables anew at every start, which dropped the row filter and the column list (and took a lock on every table).
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aStartKeepsTheRowFilterAndColumnListOfAPublicationThatHoldsTheCapturedTables(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_publication_kept_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, a text, b text)", "INSERT INTO t VALUES (1, 'a1', 'b1')",
                "INSERT INTO t VALUES (7, 'a7', 'b7')", "CREATE PUBLICATION by_hand FOR TABLE t (id, a) WHERE (id > 5)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("include_tables", List.of("public.t"));
        config.put("publication", "by_hand");
        try (CdcReader reader = PgTestSupport.reader(config, "kept", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT); // the snapshot: row 7
            pg.execute(db, "INSERT INTO t VALUES (2, 'a2', 'b2')", "INSERT INTO t VALUES (8, 'a8', 'b8')");
            assertThat(harness.pollAtLeast(2, TIMEOUT)).extracting(e -> Envelope.after(e.value()).get("id"))
                    .containsExactly(7, 8);
        }
        try (Connection c = pg.connect(db)) {
            assertThat(Jdbc.scalar(c, "SELECT attnames::text || ' ' || rowfilter FROM pg_publication_tables"
                    + " WHERE pubname = 'by_hand'")).isEqualTo("{id,a} (id > 5)");
        }
    }

    /** A {@code FOR ALL TABLES} publication cannot be narrowed to the captured tables: the start says so and what to do. */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aStartWithAFilteredPublicationThatIsForAllTablesStopsNamingTheWayOut(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_publication_all_" + engine);
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE u (id int PRIMARY KEY)",
                "CREATE PUBLICATION for_all FOR ALL TABLES");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("include_tables", List.of("public.t"));
        config.put("publication", "for_all");
        try (CdcReader reader = PgTestSupport.reader(config, "all", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("publication for_all is FOR ALL TABLES and cannot be narrowed")
                    .hasMessageContaining("publication_autocreate: all_tables");
        } finally {
            pg.execute(db, "DROP PUBLICATION for_all");
        }
    }
}
