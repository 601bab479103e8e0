package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSchemaChangeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void addAndDropColumnMidStreamGiveNewRowSchemaVersionsWithoutRestart() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_alter");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, a text)", "INSERT INTO t VALUES (1, 'one')");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "alter", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            // Each DDL happens while the reader is caught up (see "Limits" in docs/sources/postgresql.md).
            pg.execute(db, "INSERT INTO t VALUES (2, 'two')");
            harness.pollAtLeast(2, TIMEOUT);
            pg.execute(db, "ALTER TABLE t ADD COLUMN b int", "INSERT INTO t VALUES (3, 'three', 33)");
            harness.pollAtLeast(3, TIMEOUT);
            pg.execute(db, "ALTER TABLE t DROP COLUMN a", "INSERT INTO t VALUES (4, 44)");
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);

            RowSchema v1 = after(events.get(0)).schema();
            assertThat(after(events.get(1)).schema()).as("snapshot and stream share the version").isSameAs(v1);
            assertThat(after(events.get(1)).get("a")).isEqualTo("two");
            assertThat(v1.indexOf("b")).isEqualTo(-1);

            Row third = after(events.get(2));
            assertThat(third.schema().indexOf("b")).isEqualTo(2);
            assertThat(third.get("b")).isEqualTo(33);
            assertThat(third.get("a")).isEqualTo("three");

            Row fourth = after(events.get(3));
            assertThat(fourth.schema().indexOf("a")).isEqualTo(-1);
            assertThat(fourth.get("b")).isEqualTo(44);
            assertThat(List.of(v1, third.schema(), fourth.schema())).doesNotHaveDuplicates();
            assertThat(Envelope.isEnvelope(events.get(3).value().schema())).isTrue();
        }
    }

    @Test
    void columnFiltersKeepExcludedColumnsOutOfRowsAndSchemas() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_filters");
        pg.execute(db, "CREATE TABLE users (id int PRIMARY KEY, email text, name text, password_hash text)",
                "CREATE TABLE orders (id int PRIMARY KEY, total int, secret_note text, secret_code text)",
                "INSERT INTO users VALUES (1, 'a@x', 'ada', 'h1')", "INSERT INTO orders VALUES (1, 10, 'n', 'c')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("column_filters", Map.of("public.users", Map.of("include", List.of("id", "email", "name")),
                "public.ord*", Map.of("exclude", List.of("secret_*"))));
        try (CdcReader reader = PgTestSupport.reader(config, "filters", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            pg.execute(db, "UPDATE users SET password_hash = 'h2', name = 'ada l' WHERE id = 1");
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            for (ChangeEvent e : events) {
                List<String> columns = after(e).schema().fields().stream().map(f -> f.name()).toList();
                if (e.table().table().equals("users")) assertThat(columns).containsExactly("id", "email", "name");
                else assertThat(columns).containsExactly("id", "total");
            }
            assertThat(after(events.get(2)).get("name")).isEqualTo("ada l");
        }
    }

    private static Row after(ChangeEvent e) {
        return Envelope.after(e.value());
    }
}
