package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
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
 * Arrays of domains the Debezium engine cannot read — over {@code hstore} (the native engine reads it as its base
 * type, {@code hstore[]}: {@code array<json>}), over {@code bytea} when {@code binary.handling.mode} is not {@code bytes}: Debezium passed each element's
 * text as bytes, and the whole array as null when an element was NULL. Now each event with a value there is
 * unreadable (on_error), naming the column and its base type, in the snapshot and the stream; a NULL array is read.
 * (Those the engine reads are compared with the native engine by the parity suite's {@code extdomainarrays} and
 * {@code domainarrays} workloads.)
 */
class DebeziumDomainArrayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void anArrayOfADomainOverHstoreIsUnreadableNotItsElementTextsAsBytes() throws Exception {
        assertUnreadable("pg_dbz_domain_array_hstore", "CREATE EXTENSION IF NOT EXISTS hstore",
                "CREATE DOMAIN attrs AS hstore", "attrs[]", "ARRAY['a=>1'::hstore, NULL]::attrs[]", Map.of(),
                "an array of a domain over hstore (_attrs)");
    }

    /** The native engine reads the same column as its base type, {@code hstore[]}: {@code array<json>}, NULL kept. */
    @Test
    void theNativeEngineReadsAnArrayOfADomainOverHstoreAsJson() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_domain_array_hstore");
        pg.execute(db, "CREATE EXTENSION IF NOT EXISTS hstore", "CREATE DOMAIN attrs AS hstore",
                "CREATE TABLE t (id int PRIMARY KEY, a attrs[])", "INSERT INTO t VALUES (1, ARRAY['a=>1'::hstore, NULL]::attrs[])");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "native");
        config.put("slot_name", "native_domain_array_hstore");
        try (CdcReader reader = PgTestSupport.reader(config, "domain_arrays_native", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "INSERT INTO t VALUES (2, ARRAY[NULL, 'b=>2'::hstore]::attrs[])");
            List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
            assertThat(Envelope.after(events.get(0).value()).get("a")).isEqualTo(java.util.Arrays.asList("{\"a\":\"1\"}", null));
            assertThat(Envelope.after(events.get(1).value()).get("a")).isEqualTo(java.util.Arrays.asList(null, "{\"b\":\"2\"}"));
        }
    }

    @Test
    void anArrayOfADomainOverByteaIsUnreadableWhenBinaryValuesAreNotBytes() throws Exception {
        assertUnreadable("pg_dbz_domain_array_base64", "SELECT 1", "CREATE DOMAIN blob AS bytea", "blob[]",
                "'{\"\\\\x0102\",NULL}'", Map.of("binary.handling.mode", "base64"),
                "an array of a domain over bytea (_blob)", "unless binary.handling.mode is bytes");
    }

    private void assertUnreadable(String database, String extension, String domain, String columnType, String value,
                                  Map<String, Object> debezium, String... reason) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create(database);
        pg.execute(db, extension, domain, "CREATE TABLE t (id int PRIMARY KEY, a " + columnType + ")",
                "INSERT INTO t VALUES (1, " + value + ")", "INSERT INTO t VALUES (2, NULL)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        config.put("slot_name", database);
        if (!debezium.isEmpty()) config.put("debezium", debezium);
        try (CdcReader reader = PgTestSupport.reader(config, "domain_arrays", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT));
            harness.clear();
            pg.execute(db, "INSERT INTO t VALUES (3, " + value + ")", "INSERT INTO t VALUES (4, NULL)");
            List<ChangeEvent> stream = List.copyOf(harness.pollAtLeast(2, TIMEOUT));

            for (List<ChangeEvent> events : List.of(snapshot, stream)) {
                ChangeEvent withValue = events.get(0);
                assertThat(withValue.unreadable()).isNotNull();
                assertThat(withValue.unreadable().field()).isEqualTo("a");
                assertThat(withValue.unreadable().reason()).contains(reason).contains("column_filters");
                ChangeEvent withNull = events.get(1);
                assertThat(withNull.unreadable()).isNull();
                assertThat(Envelope.after(withNull.value()).get("a")).isNull();
            }
        }
    }
}
