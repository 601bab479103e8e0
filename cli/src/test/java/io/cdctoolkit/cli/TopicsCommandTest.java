package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.modes.ExternalRegistryFactory;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsCommandTest {

    @TempDir
    Path tmp;

    private Path config(String includeTables, String normalization) throws Exception {
        return config(includeTables, normalization, "");
    }

    /** @param sourceOptions more lines of the source's config, indented as its other options */
    private Path config(String includeTables, String normalization, String sourceOptions) throws Exception {
        Path file = tmp.resolve("pg.yaml");
        Files.writeString(file, """
                version: "1.0"
                schema_registry: { mode: external, external: { url: "mock://topics" } }
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: SalesDB
                      user: cdc
                      password: ${PGPASSWORD}
                      include_tables: %s
                      topic_routing: "cdc.{database}.{schema}.{table}"
                      normalization: %s
                %s
                sinks:
                  out:
                    connector: stdout
                """.formatted(includeTables, normalization, sourceOptions.indent(6).stripTrailing()));
        return file;
    }

    private static CliHarness.Result topics(Path config, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "topics";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliHarness.run(Map.of("PGPASSWORD", "secret"), args);
    }

    /**
     * The dry run connects to nothing, so it needs no credential (a CI job's routing check has no database password);
     * any other value it needs still has to resolve, and once it would connect (transforms read the tables'
     * schemas) the password is needed again.
     */
    @Test
    void aDryRunThatConnectsToNothingNeedsNoCredential() throws Exception {
        Path file = config("[public.UserProfiles]", "{case_conversion: snake_case}");

        CliHarness.Result noPassword = CliHarness.run(Map.of(), "topics", "--config", file.toString());
        assertThat(noPassword.exitCode()).as(noPassword.err()).isZero();
        assertThat(noPassword.out()).contains("cdc.sales_db.public.user_profiles");

        Files.writeString(file, Files.readString(file).replace("database: SalesDB", "database: \"${DB_NAME}\""));
        CliHarness.Result noDatabase = CliHarness.run(Map.of(), "topics", "--config", file.toString());
        assertThat(noDatabase.exitCode()).isEqualTo(2);
        assertThat(noDatabase.err()).contains("sources.pg.config.database: environment variable DB_NAME is not set")
                .doesNotContain("PGPASSWORD");

        Path withTransforms = config("[public.UserProfiles]", "{}", "transforms: [{type: regex_router, config: {regex: x, replacement: y}}]");
        CliHarness.Result connects = CliHarness.run(Map.of(), "topics", "--config", withTransforms.toString());
        assertThat(connects.exitCode()).isEqualTo(2);
        assertThat(connects.err()).contains("sources.pg.config.password: environment variable PGPASSWORD is not set");
    }

    @Test
    void printsEachConfiguredTableWithItsNormalizedTopicAndSubjects() throws Exception {
        CliHarness.Result result = topics(config("[public.UserProfiles, sales.Orders]", "{case_conversion: snake_case}"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("SalesDB.public.UserProfiles")
                .contains("cdc.sales_db.public.user_profiles")
                .contains("cdc.sales_db.public.user_profiles-key, cdc.sales_db.public.user_profiles-value")
                .contains("cdc.sales_db.sales.orders");
    }

    @Test
    void withTheRegistryDisabledNoSubjectIsShownAndANoteSaysWhy() throws Exception {
        Path file = config("[public.orders]", "{}");
        Files.writeString(file, Files.readString(file).replace(
                "schema_registry: { mode: external, external: { url: \"mock://topics\" } }", "schema_registry: { mode: disabled }"));

        CliHarness.Result table = topics(file);
        CliHarness.Result json = topics(file, "--format", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("SalesDB\\.public\\.orders\\s+cdc\\.SalesDB\\.public\\.orders\\s+-")
                .doesNotContain("-key");
        assertThat(table.err()).contains("schema_registry.mode is disabled: records are plain JSON and no subject is"
                + " registered");
        JsonNode first = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(first.get("topic").asText()).isEqualTo("cdc.SalesDB.public.orders");
        assertThat(first.get("key_subject").isNull()).isTrue();
        assertThat(first.get("value_subject").isNull()).isTrue();
    }

    @Test
    void twoTablesThatNormalizeToOneTopicExitOneNamingBoth() throws Exception {
        CliHarness.Result result = topics(config("[public.UserProfiles, public.user_profiles]",
                "{case_conversion: snake_case}"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("SalesDB.public.UserProfiles").contains("SalesDB.public.user_profiles")
                .contains("cdc.sales_db.public.user_profiles");
    }

    @Test
    void theMessageAndTransactionTopicsAreShownAndCheckedAgainstTheTables() throws Exception {
        CliHarness.Result shown = topics(config("[public.orders]", "{}", """
                message_prefixes: [outbox]
                transaction_metadata: true
                """));
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.err()).contains("source pg also writes its logical decoding messages to topic SalesDB.message")
                .contains("source pg also writes its transaction BEGIN/END events to topic SalesDB.transaction");

        CliHarness.Result clash = topics(config("[public.orders]", "{}", """
                message_prefixes: [outbox]
                message_topic: cdc.SalesDB.public.orders
                """));
        assertThat(clash.exitCode()).isEqualTo(1);
        assertThat(clash.err()).contains("SalesDB.public.orders").contains("SalesDB.message")
                .contains("cdc.SalesDB.public.orders");
    }

    @Test
    void jsonFormatPrintsOnlyOneArrayOfTableTopicSubjectsAndTruncation() throws Exception {
        String longTable = "t".repeat(260);
        CliHarness.Result result = topics(config("[public.users]", "{}"), "--format", "json", "--tables",
                "SalesDB.my schema.user data,SalesDB.public." + longTable);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode array = new ObjectMapper().readTree(result.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode first = array.get(0);
        assertThat(first.get("table").asText()).isEqualTo("SalesDB.my schema.user data");
        assertThat(first.get("topic").asText()).isEqualTo("cdc.SalesDB.my_schema.user_data");
        assertThat(first.get("key_subject").asText()).isEqualTo("cdc.SalesDB.my_schema.user_data-key");
        assertThat(first.get("value_subject").asText()).isEqualTo("cdc.SalesDB.my_schema.user_data-value");
        assertThat(first.get("truncated").asBoolean()).isFalse();
        JsonNode truncated = array.get(1);
        assertThat(truncated.get("truncated").asBoolean()).isTrue();
        assertThat(truncated.get("topic").asText()).hasSize(249);
    }

    /** --table, repeated, is --tables (as schema check-tables spells it). */
    @Test
    void repeatedTableOptionsListTheSameTablesAsOneCommaSeparatedTablesOption() throws Exception {
        CliHarness.Result commaSeparated = topics(config("[public.users]", "{}"), "--format", "json", "--tables",
                "SalesDB.public.users,SalesDB.public.orders");
        CliHarness.Result repeated = topics(config("[public.users]", "{}"), "--format", "json", "--table",
                "SalesDB.public.users", "--table", "SalesDB.public.orders");

        assertThat(repeated.exitCode()).as(repeated.err()).isZero();
        assertThat(new ObjectMapper().readTree(repeated.out()).findValuesAsText("table"))
                .containsExactly("SalesDB.public.users", "SalesDB.public.orders");
        assertThat(repeated.out()).isEqualTo(commaSeparated.out());
    }

    @Test
    void aTableNameWithTheWrongNumberOfPartsIsAUsageError() throws Exception {
        CliHarness.Result result = topics(config("[public.users]", "{}"), "--tables", "a.b.c.d");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("database.schema.table");
    }

    @Test
    void aDatagenOnlyConfigHasNothingToRouteAndSaysWhy() {
        CliHarness.Result result = CliHarness.run("topics", "--config", CliHarness.EXAMPLES.resolve("quickstart.yaml").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("does not route by table");
    }

    private Path registryConfig(String registry) throws Exception {
        Path file = tmp.resolve("pg-registry.yaml");
        Files.writeString(file, """
                version: "1.0"
                schema_registry: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: SalesDB
                      user: cdc
                      password: ${PGPASSWORD}
                      include_tables: [public.users]
                      topic_routing: "cdc.{database}.{schema}.{table}"
                sinks:
                  out:
                    connector: stdout
                """.formatted(registry));
        return file;
    }



}
