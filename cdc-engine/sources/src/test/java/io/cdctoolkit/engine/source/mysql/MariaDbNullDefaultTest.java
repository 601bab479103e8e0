package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.NullsAndDefaults;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A NULL in a column with a DEFAULT arrives as null, for every documented type, in every image. */
class MariaDbNullDefaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final NullsAndDefaults TYPES = new NullsAndDefaults(MariaDbReaderTest.COLUMNS, MariaDbReaderTest.VALUES);

    @TempDir
    Path state;

    @Test
    void issueReproductionEmitsNulls() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_null_default");
        maria.execute(db, NullsAndDefaults.REPRODUCTION);
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "null_repro", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            maria.execute(db, NullsAndDefaults.REPRODUCTION_STREAM);
            NullsAndDefaults.assertReproduction(harness.pollAtLeast(3, TIMEOUT));
        }
    }

    @Test
    void nullDefaultAndValueForEveryTypeInSnapshotStreamBeforeAndAfter() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_null_default_types");
        maria.execute(db, "CREATE TABLE all_types (id int PRIMARY KEY, " + TYPES.columnsWithDefaults() + ")");
        maria.execute(db, TYPES.snapshotRows("all_types"));
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "null_types", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            NullsAndDefaults.assertSnapshot(List.copyOf(harness.pollAtLeast(3, TIMEOUT)), MariaDbReaderTest.EXPECTED);
            harness.clear();
            maria.execute(db, TYPES.streamedChanges("all_types"));
            NullsAndDefaults.assertStream(harness.pollAtLeast(7, TIMEOUT), MariaDbReaderTest.EXPECTED);
        }
    }
}
