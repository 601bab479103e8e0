package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An enum without labels ({@code CREATE TYPE … AS ENUM ()}, labels added later) and a domain over an enum. Debezium's
 * type registry fails on either anywhere in the database (an opaque NullPointerException at start, Debezium issue
 * dbz#2525): the Debezium engine's {@code check}, start and schema probe name the types and the way out instead. The
 * native engine reads a column of an enum without labels as an enum with no symbol, whose values (NULLs until a label
 * exists) and labels added later arrive as the database holds them; and {@code schema derive} (the native engine's own
 * plan) works in such a database.
 */
class LabellessEnumTypesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void theDebeziumEngineNamesTheTypesItsRegistryFailsOnInCheckAndAtStart() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_labelless_debezium");
        // Neither type is used by the captured table: Debezium's registry reads the whole database.
        pg.execute(db, "CREATE SCHEMA other", "CREATE TYPE other.pending AS ENUM ()",
                "CREATE TYPE mood AS ENUM ('sad', 'happy')", "CREATE DOMAIN other.feeling AS mood",
                "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("include_tables", List.of("public.t"));
        config.put("slot_name", "labelless_dbz");
        PostgresSourceFactory factory = new PostgresSourceFactory();

        PrerequisiteCheck registry = item(factory.check(PgTestSupport.options(config), ComponentContext.of("l", state)),
                "debezium_type_registry");
        assertThat(registry.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
        assertThat(registry.message()).contains("other.pending (an enum without labels)",
                "other.feeling (a domain over public.mood)");
        assertThat(registry.fix()).contains("engine: native");

        assertThatThrownBy(() -> factory.tableSchemas(PgTestSupport.options(config), ComponentContext.of("l", state),
                new TableId(db, "public", "t"))).isInstanceOf(FatalException.class)
                .hasMessageContaining("other.pending (an enum without labels)").hasMessageContaining("engine: native");
        try (CdcReader reader = PgTestSupport.reader(config, "labelless", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                    .hasMessageContaining("other.pending (an enum without labels)")
                    .hasMessageContaining("other.feeling (a domain over public.mood)")
                    .hasMessageContaining("engine: native");
        }

        config.put("engine", "native");
        assertThat(factory.check(PgTestSupport.options(config), ComponentContext.of("l", state)).items())
                .extracting(PrerequisiteCheck::name).doesNotContain("debezium_type_registry");
        config.put("engine", "debezium");
        pg.execute(db, "ALTER TYPE other.pending ADD VALUE 'x'", "DROP DOMAIN other.feeling");
        assertThat(factory.check(PgTestSupport.options(config), ComponentContext.of("l", state)).items())
                .extracting(PrerequisiteCheck::name).doesNotContain("debezium_type_registry");
        try (CdcReader reader = PgTestSupport.reader(config, "labelless", state)) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void theNativeEngineReadsAnEnumWithoutLabelsAndTheLabelsAddedLater() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_labelless_native");
        pg.execute(db, "CREATE TYPE pending AS ENUM ()", "CREATE DOMAIN pending_too AS pending",
                "CREATE TABLE t (id int PRIMARY KEY, p pending, ps pending[], pd pending_too)",
                "INSERT INTO t VALUES (1, NULL, '{}', NULL)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "native");
        config.put("include_tables", List.of("public.t"));
        config.put("slot_name", "labelless_native");
        TableSchemas probed = new PostgresSourceFactory().tableSchemas(PgTestSupport.options(config),
                ComponentContext.of("labelless", state), new TableId(db, "public", "t"));
        FieldType noLabel = new FieldType.Enum(List.of());
        assertThat(Envelope.rowSchema(probed.value()).field("p").type()).isEqualTo(noLabel);
        assertThat(Envelope.rowSchema(probed.value()).field("ps").type()).isEqualTo(new FieldType.Array(noLabel));
        assertThat(Envelope.rowSchema(probed.value()).field("pd").type()).isEqualTo(noLabel);

        try (CdcReader reader = PgTestSupport.reader(config, "labelless", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            ChangeEvent snapshot = harness.pollAtLeast(1, TIMEOUT).get(0);
            assertThat(snapshot.value().schema()).isEqualTo(probed.value());
            Row first = Envelope.after(snapshot.value());
            assertThat(first.get("p")).isNull();
            assertThat(first.get("ps")).isEqualTo(List.of());
            assertThat(first.get("pd")).isNull();

            pg.execute(db, "ALTER TYPE pending ADD VALUE 'shipped'",
                    "INSERT INTO t VALUES (2, 'shipped', '{shipped,NULL}', 'shipped')");
            Row second = Envelope.after(harness.pollAtLeast(2, TIMEOUT).get(1).value());
            assertThat(second.get("p")).isEqualTo("shipped");
            assertThat(second.get("ps")).isEqualTo(java.util.Arrays.asList("shipped", null));
            assertThat(second.get("pd")).isEqualTo("shipped");
            FieldType shipped = new FieldType.Enum(List.of("shipped"));
            assertThat(second.schema().field("p").type()).isEqualTo(shipped);
            assertThat(second.schema().field("ps").type()).isEqualTo(new FieldType.Array(shipped));
            assertThat(second.schema().field("pd").type()).isEqualTo(shipped);
        }
    }

    private static PrerequisiteCheck item(PrerequisiteReport report, String name) {
        return report.item(name).orElseThrow(() -> new AssertionError("no check item " + name + " in " + report));
    }
}
