package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.source.debezium.NullsAndDefaults;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.cdctoolkit.engine.source.debezium.NullsAndDefaults.afterJson;
import static io.cdctoolkit.engine.source.debezium.NullsAndDefaults.assertAllNull;
import static io.cdctoolkit.engine.source.debezium.NullsAndDefaults.beforeJson;
import static org.assertj.core.api.Assertions.assertThat;

/** A NULL in a column with a DEFAULT arrives as null, for every documented type, in every image. */
class PostgresNullDefaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final NullsAndDefaults TYPES = new NullsAndDefaults(PostgresTypesTest.COLUMNS, PostgresTypesTest.VALUES);

    @TempDir
    Path state;

    @Test
    void issueReproductionEmitsNulls() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_null_default");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, c text DEFAULT 'x', n int DEFAULT 7)",
                "INSERT INTO t VALUES (1, null, null)");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "nulls", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO t VALUES (2, null, null)", "INSERT INTO t (id) VALUES (3)");
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            assertThat(afterJson(events.get(0))).isEqualTo("{\"id\":1,\"c\":null,\"n\":null}");
            assertThat(afterJson(events.get(1))).isEqualTo("{\"id\":2,\"c\":null,\"n\":null}");
            assertThat(afterJson(events.get(2))).isEqualTo("{\"id\":3,\"c\":\"x\",\"n\":7}");
            RowSchema schema = Envelope.after(events.get(0).value()).schema();
            assertThat(schema.field("c").defaultValue()).isEqualTo("x");
            assertThat(schema.field("n").defaultValue()).isEqualTo(7);
        }
    }

    @Test
    void nullDefaultAndValueForEveryTypeInSnapshotStreamBeforeAndAfter() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_null_default_types");
        pg.execute(db, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE all_types (id bigint PRIMARY KEY, " + TYPES.columnsWithDefaults() + ")",
                "ALTER TABLE all_types REPLICA IDENTITY FULL",
                TYPES.insertNulls("all_types", 1), TYPES.insertDefaults("all_types", 2), TYPES.insertValues("all_types", 3));
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "types", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(3, TIMEOUT));
            assertThat(snapshot).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.READ, Op.READ);
            assertAllNull(Envelope.after(snapshot.get(0).value()), "snapshot after");
            assertThat(afterJson(snapshot.get(1))).isEqualTo("{\"id\":2," + PostgresTypesTest.EXPECTED + "}");
            assertThat(afterJson(snapshot.get(2))).isEqualTo("{\"id\":3," + PostgresTypesTest.EXPECTED + "}");

            harness.clear();
            pg.execute(db, TYPES.insertNulls("all_types", 4), TYPES.insertDefaults("all_types", 5),
                    TYPES.insertValues("all_types", 6), "UPDATE all_types SET c_int = NULL WHERE id = 4",
                    "DELETE FROM all_types WHERE id IN (4, 5, 6)");
            List<ChangeEvent> stream = harness.pollAtLeast(7, TIMEOUT);
            assertThat(stream).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.CREATE, Op.CREATE,
                    Op.UPDATE, Op.DELETE, Op.DELETE, Op.DELETE);
            assertAllNull(Envelope.after(stream.get(0).value()), "streamed after");
            assertThat(afterJson(stream.get(1))).isEqualTo("{\"id\":5," + PostgresTypesTest.EXPECTED + "}");
            assertThat(afterJson(stream.get(2))).isEqualTo("{\"id\":6," + PostgresTypesTest.EXPECTED + "}");
            assertAllNull(Envelope.before(stream.get(3).value()), "update before");
            assertAllNull(Envelope.after(stream.get(3).value()), "update after");
            assertAllNull(Envelope.before(stream.get(4).value()), "delete before");
            assertThat(beforeJson(stream.get(5))).isEqualTo("{\"id\":5," + PostgresTypesTest.EXPECTED + "}");
            assertThat(beforeJson(stream.get(6))).isEqualTo("{\"id\":6," + PostgresTypesTest.EXPECTED + "}");
            // The default stays schema information.
            assertThat(Envelope.after(stream.get(0).value()).schema().field("c_text").defaultValue()).isEqualTo("héllo");
        }
    }
}
