package io.cdctoolkit.compat;

import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.schema.glue.GlueClients;
import io.cdctoolkit.schema.glue.GlueCredentials;
import io.cdctoolkit.schema.glue.GlueSettings;
import io.cdctoolkit.testing.MotoServer;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.SchemaId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schema check-tables} with {@code schema_registry.mode: glue} (moto_server's Glue API, a real PostgreSQL): the
 * Glue schemas it checks are those {@code run} registers. Before the pipeline ran every table's key and value schema is
 * new; once the pipeline registered them, Glue holds each definition the command derives (the oracle: the pipeline's
 * own registrations, by name and text; for Protobuf the derivation keeps the field numbers it reads from Glue); after
 * the tables change, a column become a number is refused at the schemas' compatibility and an added nullable column
 * passes.
 */
class GlueCheckTablesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"avro", "protobuf"})
    void theSchemasCheckedAreThoseThePipelineRegistersAndATableChangeIsJudgedAtTheirCompatibility(String format)
            throws Exception {
        MotoServer moto = MotoServer.shared();
        String registry = "check-tables-" + UUID.randomUUID();
        GlueSettings admin = GlueSettings.of(moto.region()).withEndpoint(moto.endpoint()).withRegistryName(registry)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()));
        String db = "glue_check_tables_" + format;
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)",
                "CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO orders VALUES (1, 'tea')", "INSERT INTO customers VALUES (1, 'Ann')");
        Path config = Files.writeString(tmp.resolve("glue.yaml"), yaml(pg, moto, db, registry, format));
        List<String> schemas = List.of(db + ".public.customers", db + ".public.customers-key", db + ".public.orders",
                db + ".public.orders-key");
        try (GlueClient glue = GlueClients.create(admin)) {
            MotoGlueRegistries.create(glue, registry);

            String fresh = checkTables(config, 0);
            for (String schema : schemas) assertThat(fresh).contains("new: " + schema + " (");
            assertThat(fresh).contains("4 subjects checked against").contains("0 compatible, 4 new");

            PipelineResult result;
            Pipeline pipeline = ConfiguredPipeline.assemble(Files.readString(config)).build();
            try (var running = ConfiguredPipeline.start(pipeline)) {
                Await.until("the snapshot", () -> running.isDone() || pipeline.counts().recordsOut() >= 2,
                        pipeline::counts);
                result = running.stop();
            } finally {
                pg.execute(db, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE database = '" + db + "'");
            }
            assertThat(result.failure()).isNull();
            for (String schema : schemas) {
                assertThat(glue.getSchema(b -> b.schemaId(id(registry, schema))).latestSchemaVersion())
                        .as("versions of %s the pipeline registered", schema).isEqualTo(1L);
            }

            String registered = checkTables(config, 0);
            for (String schema : schemas) {
                assertThat(registered).contains("compatible: " + schema + " (")
                        .contains("Glue holds this definition already");
            }
            assertThat(registered).contains("4 compatible, 0 new, 0 incompatible");

            for (String schema : schemas) {
                glue.updateSchema(b -> b.schemaId(id(registry, schema)).compatibility(Compatibility.BACKWARD_ALL));
            }
            pg.execute(db, "ALTER TABLE customers ALTER COLUMN name TYPE bigint USING length(name)",
                    "ALTER TABLE orders ADD COLUMN note text");
            String changed = checkTables(config, 1);
            assertThat(changed)
                    .contains("incompatible: " + db + ".public.customers (" + db + ".public.customers, value) at"
                            + " BACKWARD_TRANSITIVE (Glue: BACKWARD_ALL; cdc-toolkit's offline confluent rules against"
                            + " its 1 version, as Glue checks only when registering):")
                    .contains("compatible: " + db + ".public.orders (" + db + ".public.orders, value) at"
                            + " BACKWARD_TRANSITIVE (Glue: BACKWARD_ALL;")
                    .contains("compatible: " + db + ".public.orders-key (" + db + ".public.orders, key)"
                            + " (Glue: BACKWARD_ALL; Glue holds this definition already")
                    .contains("3 compatible, 0 new, 1 incompatible");
        }
    }

    /** Runs {@code schema check-tables} in a child JVM; its stdout and stderr, once it exited with {@code exit}. */
    private String checkTables(Path config, int exit) throws Exception {
        Path log = tmp.resolve("check-tables-" + UUID.randomUUID() + ".log");
        CliProcess check = CliProcess.start(log, "schema", "check-tables", "--config", config.toString());
        assertThat(check.waitFor(120)).as(check.log()).isEqualTo(exit);
        return check.log();
    }

    private static SchemaId id(String registry, String schema) {
        return SchemaId.builder().registryName(registry).schemaName(schema).build();
    }

    private String yaml(PostgresServer pg, MotoServer moto, String db, String registry, String format) {
        return """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: glue
                  format: %s
                  glue:
                    region: %s
                    endpoint: %s
                    registry_name: %s
                    access_key_id: %s
                    secret_access_key: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                sinks:
                  out:
                    connector: file
                    config: { path: %s }
                pipelines:
                  main: { source: pg, sink: out }
                """.formatted(tmp.resolve("state"), format, moto.region(), moto.endpoint(), registry, moto.accessKeyId(),
                moto.secretAccessKey(), pg.host(), pg.port(), db, PostgresServer.SUPERUSER, tmp.resolve("out.jsonl"));
    }
}
