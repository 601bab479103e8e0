package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A domain over an enum, which the Debezium engine 3.5 cannot handle (its type registry fails at start in a
 * database that has one; the start says so, LabellessEnumTypesTest), so the parity suite's domain workload leaves it
 * out: under engine: native such a
 * column is its enum — the same field type, labels and values as a column of the enum itself, the oracle
 * here — in the snapshot and the stream. Other domains are compared with the Debezium engine by
 * {@code NativeParityTest}'s {@code domains} workload.
 */
class NativeDomainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aDomainOverAnEnumIsReadAsItsEnum() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_domain_enum");
        pg.execute(db, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", "CREATE DOMAIN feeling AS mood",
                "CREATE DOMAIN strong_feeling AS feeling CHECK (VALUE::mood <> 'ok')",
                "CREATE TABLE t (id int PRIMARY KEY, plain mood, f feeling, sf strong_feeling)",
                "INSERT INTO t VALUES (1, 'sad', 'sad', 'sad')");
        Map<String, Object> config = NativeReaderParityTest.config(pg, db, "native");
        config.put("slot_name", "domain_enum");
        try (CdcReader reader = PgTestSupport.reader(config, "domains", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO t VALUES (2, 'happy', 'happy', 'happy')");
            List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
            for (ChangeEvent event : events) {
                Row after = Envelope.after(event.value());
                assertThat(after.schema().field("f").type()).isEqualTo(after.schema().field("plain").type());
                assertThat(after.schema().field("sf").type()).isEqualTo(after.schema().field("plain").type());
                assertThat(after.get("f")).isEqualTo(after.get("plain")).isNotNull();
                assertThat(after.get("sf")).isEqualTo(after.get("plain"));
            }
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }
}
