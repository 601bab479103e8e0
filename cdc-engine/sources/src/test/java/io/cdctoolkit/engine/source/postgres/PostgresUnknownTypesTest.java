package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code engine: debezium}, Debezium's PostgreSQL connector left the columns of types it has no schema for
 * (here {@code pg_lsn}, {@code tsquery}, {@code box}, a composite type) out of every row, and streamed {@code name}
 * values as null: values lost without a trace. The source now runs it with {@code include.unknown.datatypes}, so
 * such a column arrives as bytes holding the value's text (UTF-8), in the snapshot and the stream alike, and a
 * {@code name} as its text.
 */
class PostgresUnknownTypesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String VALUES = "'16/B374D848', 'fat & rat', '(1,2),(3,4)', ROW(7, 'x'), 'pg_class'";

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void columnsOfTypesDebeziumHasNoSchemaForArriveAsTheirTextAndNamesStream() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_unknown_types");
        pg.execute(db, "CREATE TYPE pair AS (a int, b text)",
                "CREATE TABLE t (id int PRIMARY KEY, lsn pg_lsn, q tsquery, b box, p pair, n name)",
                "INSERT INTO t VALUES (1, " + VALUES + ")");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "unknown_types", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            Row snapshot = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (2, " + VALUES + ")");
            Row stream = rows(harness.pollAtLeast(1, TIMEOUT)).get(0);

            for (Row row : List.of(snapshot, stream)) {
                assertThat(row.schema().fields()).extracting(f -> f.name()).containsExactly("id", "lsn", "q", "b", "p", "n");
                assertThat(row.schema().field("lsn").type()).isEqualTo(FieldType.BYTES);
                assertThat(text(row, "lsn")).isEqualTo("16/B374D848");
                assertThat(text(row, "q")).isEqualTo("'fat' & 'rat'");
                assertThat(text(row, "p")).isEqualTo("(7,x)");
                // pgjdbc's PGbox spells the corners as doubles; the same in snapshot and stream.
                assertThat(text(row, "b")).isEqualTo("(3.0,4.0),(1.0,2.0)");
                assertThat(row.get("n")).isEqualTo("pg_class");
            }
        }
    }

    private static String text(Row row, String column) {
        return new String((byte[]) row.get(column), StandardCharsets.UTF_8);
    }
}
