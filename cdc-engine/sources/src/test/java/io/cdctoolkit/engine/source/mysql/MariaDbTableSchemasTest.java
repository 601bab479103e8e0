package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.NullsAndDefaults;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tableSchemas} gives exactly the key and value schemas the running mariadb-cdc reader emits
 * (snapshot and binlog) for a table of every documented type with DEFAULTs, NOT NULL columns, enums,
 * unsigned bigints, a composite key with a decimal and a column filter, read one table at a time or many in one
 * run; and it leaves no state behind.
 */
class MariaDbTableSchemasTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final NullsAndDefaults TYPES = new NullsAndDefaults(MariaDbReaderTest.COLUMNS, MariaDbReaderTest.VALUES);

    @TempDir
    Path probeState;
    @TempDir
    Path readerState;

    @Test
    void schemasAreThoseTheReaderEmitsInSnapshotAndBinlog() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_table_schemas");
        maria.execute(db, "CREATE TABLE wide (id int, region decimal(6,2), " + TYPES.columnsWithDefaults() + ","
                        + " n_decimal decimal(10,2) NOT NULL DEFAULT 1.50, n_enum enum('a','b') NOT NULL DEFAULT 'b',"
                        + " n_varchar varchar(10) NOT NULL, n_datetime datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                        + " n_ubigint bigint unsigned NOT NULL DEFAULT 5, n_set set('x','y') NOT NULL DEFAULT 'y',"
                        + " secret varchar(20), PRIMARY KEY (id, region))",
                "CREATE TABLE nokey (a int, b varchar(5) DEFAULT 'x')",
                "INSERT INTO wide (id, region, n_varchar) VALUES (1, 1.5, 'snap')",
                "INSERT INTO nokey VALUES (1, 'snap')");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        // a plain table name gets the source's database, as in include_tables (it matched no table before)
        config.put("column_filters", Map.of("wide", Map.of("exclude", List.of("secret"))));
        MariaDbSourceFactory factory = new MariaDbSourceFactory();
        TableId wide = new TableId(db, null, "wide");
        TableId nokey = new TableId(db, null, "nokey");

        TableSchemas wideSchemas = factory.tableSchemas(MariaDbTestSupport.options(config),
                ComponentContext.of("schemas", probeState), wide);
        TableSchemas nokeySchemas = factory.tableSchemas(MariaDbTestSupport.options(config),
                ComponentContext.of("schemas", probeState), nokey);
        // check and topics read many tables in one schema-only run: the same schemas as a run per table
        try (TableSchemaInspector.SchemaReading reading = factory.schemaReading(MariaDbTestSupport.options(config),
                ComponentContext.of("schemas", probeState), List.of(wide, nokey))) {
            assertThat(reading.tableSchemas(nokey)).isEqualTo(nokeySchemas);
            assertThat(reading.tableSchemas(wide)).isEqualTo(wideSchemas);
        }
        try (var left = Files.list(probeState)) {
            assertThat(left).as("state the probe left in the source's state directory").isEmpty();
        }
        assertThat(Envelope.rowSchema(wideSchemas.value()).fields()).extracting(Field::name)
                .doesNotContain("secret").contains("n_ubigint");

        try (CdcReader reader = MariaDbTestSupport.reader(config, "schemas", readerState)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            maria.execute(db, "INSERT INTO wide (id, region, n_varchar) VALUES (2, 2.5, 'binlog')",
                    "INSERT INTO nokey VALUES (2, 'bin')");
            List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);
            assertThat(events).extracting(ChangeEvent::op).containsExactlyInAnyOrder(Op.READ, Op.READ, Op.CREATE, Op.CREATE);
            for (ChangeEvent event : events) {
                TableSchemas expected = event.table().equals(wide) ? wideSchemas : nokeySchemas;
                assertThat(event.topic()).isEqualTo(expected.topic());
                assertThat(event.value().schema()).as(event.op() + " value of " + event.table())
                        .isEqualTo(expected.value());
                assertThat(event.value().schema().fingerprint()).isEqualTo(expected.value().fingerprint());
                if (expected.key() == null) {
                    assertThat(event.key()).as(event.op() + " key of " + event.table()).isNull();
                } else {
                    assertThat(event.key().schema()).as(event.op() + " key of " + event.table()).isEqualTo(expected.key());
                    assertThat(event.key().schema().fingerprint()).isEqualTo(expected.key().fingerprint());
                }
            }
            assertThat(nokeySchemas.key()).isNull();
        }
    }

    @Test
    void aTableTheSourceDoesNotCaptureIsAConfigError() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_table_schemas_filtered");
        maria.execute(db, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("include_tables", List.of("kept"));

        assertThatThrownBy(() -> new MariaDbSourceFactory().tableSchemas(MariaDbTestSupport.options(config),
                ComponentContext.of("filtered", probeState), new TableId(db, null, "other")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not capture table " + db + ".other").hasMessageContaining(db + ".kept");
    }

    /**
     * MariaDB lists only the tables a user has a privilege on: a table include_tables names that the user may not
     * read is not "not captured" (add it to include_tables, the old advice, where it is already) but not shown to the
     * user, and the fix says to grant it.
     */
    @Test
    void aTableIncludeTablesNamesThatTheUserMayNotSeeIsSaidSo() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_table_schemas_hidden");
        maria.execute(db, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE hidden (id int PRIMARY KEY)");
        try {
            MariaDbTestSupport.createUser(maria, "cdc_one_table", "SELECT ON " + db + ".kept");
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            config.put("user", "cdc_one_table");
            config.put("password", "pw");
            config.put("include_tables", List.of("kept", "hidden"));

            assertThatThrownBy(() -> new MariaDbSourceFactory().tableSchemas(MariaDbTestSupport.options(config),
                    ComponentContext.of("hidden", probeState), new TableId(db, null, "hidden")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the database shows user cdc_one_table no table " + db + ".hidden, which"
                            + " include_tables names; it captures: " + db + ".kept")
                    .satisfies(e -> assertThat(((ConfigException) e).problems().get(0).fix())
                            .contains("grant the user SELECT on it"));
        } finally {
            MariaDbTestSupport.dropUser(maria, "cdc_one_table");
        }
    }
}
