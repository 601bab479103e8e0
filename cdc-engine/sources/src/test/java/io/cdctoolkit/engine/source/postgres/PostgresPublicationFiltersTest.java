package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication made by hand that leaves changes out — operations it does not publish, and (PostgreSQL 15+) a row filter
 * or a column list on a captured table: {@code check} warns of each, naming the table, what is left out and the fix
 * (of a column list, the Debezium engine's snapshot copies what the stream never sends; the snapshots copy only what
 * the publication sends otherwise: {@link PostgresPublishedTablesTest}); filters on tables the source does not capture
 * are not its
 * business. The toolkit's own publications have none of these.
 */
class PostgresPublicationFiltersTest {

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
}
