package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publication made by hand that sends other columns than every non-generated one — a column list (PostgreSQL 15+),
 * and on PostgreSQL 18 {@code publish_generated_columns = stored}: the native engine's snapshot copies the columns the
 * stream has, so a table's snapshot and streamed rows share one schema. The oracle is the server's own Relation message
 * (the streamed events' schema). Before, the snapshot had every non-generated column: the unlisted ones, which the
 * publication keeps out of the stream, and on 18 not the published stored generated ones (on 15,
 * {@code pg_publication_tables} lists generated columns the stream never has).
 */
class PostgresPublishedColumnsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @ParameterizedTest
    @ValueSource(strings = {"embedded-18", "embedded-17", "machine-15"})
    void theNativeSnapshotCopiesTheColumnsThePublicationSends(String server) throws Exception {
        ParityServer pg = ParityServer.of(server);
        boolean sendsGenerated = server.equals("embedded-18");
        String db = pg.createDatabase("pg_published_columns");
        pg.execute(db, "CREATE TABLE g (id int PRIMARY KEY, price int,"
                        + " doubled int GENERATED ALWAYS AS (price * 2) STORED, note text)",
                "CREATE TABLE l (id int PRIMARY KEY, a text, b text)",
                "INSERT INTO g (id, price, note) VALUES (1, 10, 'first')", "INSERT INTO l VALUES (1, 'a1', 'b1')",
                "CREATE PUBLICATION by_hand FOR TABLE g, l (id, a)"
                        + (sendsGenerated ? " WITH (publish_generated_columns = stored)" : ""));
        if (sendsGenerated) {
            // Virtual generated columns (PostgreSQL 18) are never published.
            pg.execute(db, "ALTER TABLE g ADD COLUMN tripled int GENERATED ALWAYS AS (price * 3) VIRTUAL");
        }
        Map<String, Object> config = pg.config(db, "native");
        config.put("include_tables", List.of("public.g", "public.l"));
        config.put("publication", "by_hand");
        config.put("publication_autocreate", "disabled");
        List<String> gColumns = sendsGenerated ? List.of("id", "price", "doubled", "note") : List.of("id", "price", "note");
        try {
            try (CdcReader reader = PgTestSupport.reader(config, "published", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT));
                harness.clear();
                pg.execute(db, "INSERT INTO g (id, price, note) VALUES (2, 20, 'second')",
                        "INSERT INTO l VALUES (2, 'a2', 'b2')");
                List<ChangeEvent> stream = harness.pollAtLeast(2, TIMEOUT);
                assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Op.READ);
                assertThat(stream).extracting(ChangeEvent::op).containsOnly(Op.CREATE);

                Row gRead = after(snapshot, "g");
                Row gCreated = after(stream, "g");
                assertThat(names(gCreated)).as("what the server sends").isEqualTo(gColumns);
                assertThat(gRead.schema()).as("snapshot as streamed").isSameAs(gCreated.schema());
                if (sendsGenerated) {
                    assertThat(gRead.get("doubled")).isEqualTo(20);
                    assertThat(gCreated.get("doubled")).isEqualTo(40);
                }
                Row lRead = after(snapshot, "l");
                Row lCreated = after(stream, "l");
                assertThat(names(lCreated)).as("what the server sends").containsExactly("id", "a");
                assertThat(lRead.schema()).as("snapshot as streamed: b is not published").isSameAs(lCreated.schema());
                assertThat(lRead.get("a")).isEqualTo("a1");
            }

            // schema derive / check: the same schema, and only the generated columns left out are warned of.
            PostgresSourceFactory factory = new PostgresSourceFactory();
            ComponentContext context = ComponentContext.of("published", state);
            assertThat(fieldNames(Envelope.rowSchema(factory.tableSchemas(PgTestSupport.options(config), context,
                    new TableId(db, "public", "g")).value()).fields())).isEqualTo(gColumns);
            PrerequisiteReport report = factory.check(PgTestSupport.options(config), context);
            PrerequisiteCheck generated = report.item("generated_columns public.g").orElseThrow();
            assertThat(generated.message()).startsWith("generated column(s) " + (sendsGenerated ? "tripled" : "doubled")
                    + " are not in the events");
            assertThat(report.item("publication_column_list public.l").orElseThrow().message())
                    .contains("only the columns id, a of public.l", "the events have only those");
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static Row after(List<ChangeEvent> events, String table) {
        return events.stream().filter(e -> e.table().table().equals(table)).map(e -> Envelope.after(e.value()))
                .findFirst().orElseThrow();
    }

    private static List<String> names(Row row) {
        return fieldNames(row.schema().fields());
    }

    private static List<String> fieldNames(List<Field> fields) {
        return fields.stream().map(Field::name).toList();
    }
}
