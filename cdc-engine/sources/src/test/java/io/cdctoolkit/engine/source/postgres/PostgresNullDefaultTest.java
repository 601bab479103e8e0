package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.NullsAndDefaults;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import io.debezium.relational.TableSchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        pg.execute(db, NullsAndDefaults.REPRODUCTION);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "null_repro", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, NullsAndDefaults.REPRODUCTION_STREAM);
            NullsAndDefaults.assertReproduction(harness.pollAtLeast(3, TIMEOUT));
        }
    }

    @Test
    void nullDefaultAndValueForEveryTypeInSnapshotStreamBeforeAndAfter() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_null_default_types");
        pg.execute(db, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE all_types (id bigint PRIMARY KEY, " + TYPES.columnsWithDefaults() + ")",
                "ALTER TABLE all_types REPLICA IDENTITY FULL"); // full before images
        pg.execute(db, TYPES.snapshotRows("all_types"));
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "null_types", state);
             LogCapture conversionWarnings = LogCapture.atLeast(Level.WARN, TableSchemaBuilder.class)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            NullsAndDefaults.assertSnapshot(List.copyOf(harness.pollAtLeast(3, TIMEOUT)), PostgresTypesTest.EXPECTED);
            harness.clear();
            pg.execute(db, TYPES.streamedChanges("all_types"));
            NullsAndDefaults.assertStream(harness.pollAtLeast(7, TIMEOUT), PostgresTypesTest.EXPECTED);
            // The NULLs arrive as null without a converter failing on them (Debezium logged each failure, with a stack
            // trace, and delivered null: right by accident, and a warning per NULL date or timestamp in the log).
            assertThat(conversionWarnings.messages()).isEmpty();
        }
    }
}
