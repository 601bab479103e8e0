package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SpecCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyExampleConfigValidatesAgainstThePrintedJsonSchema() throws Exception {
        JsonSchema schema = printedSchema();
        List<Path> examples;
        try (var files = Files.list(CliHarness.EXAMPLES)) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
        }

        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            JsonNode config = new YAMLMapper().readTree(example.toFile());
            assertThat(schema.validate(config)).as(example.toString()).isEmpty();
        }
    }

    @Test
    void specExternalListsEveryRegistryOptionFromItsComponentSpec() {
        CliHarness.Result spec = CliHarness.run("spec", "external");

        assertThat(spec.exitCode()).as(spec.err()).isZero();
        var options = io.cdctoolkit.engine.spi.ComponentCatalog.load().registry("external").orElseThrow().spec().options();
        assertThat(options).extracting(o -> o.name()).contains("url", "username", "password", "subject_strategy");
        for (var option : options) assertThat(spec.out()).as(option.name()).contains(option.name());
    }

    @Test
    void thePrintedJsonSchemaRejectsAMisspelledOption() throws Exception {
        JsonNode bad = new YAMLMapper().readTree("""
                sources:
                  gen:
                    connector: datagen
                    config: { evnets_per_second: 5 }
                sinks:
                  out: { connector: stdout }
                """);

        Set<ValidationMessage> errors = printedSchema().validate(bad);

        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).contains("evnets_per_second");
    }

    /**
     * cdc_features.tombstones is built in, not a catalog component: spec said "no component named 'tombstones'". Its
     * options are those the config loader accepts (a misspelt one is refused with them as the known keys).
     */
    @Test
    void theTombstonesFeatureIsListedWithTheOptionsTheLoaderAccepts() throws Exception {
        assertThat(CliHarness.run("spec").out()).containsPattern("\\n  encryption .*\\n  tombstones +Follows each"
                + " delete with a tombstone");
        CliHarness.Result tombstones = CliHarness.run("spec", "tombstones");
        assertThat(tombstones.exitCode()).as(tombstones.err()).isZero();
        assertThat(tombstones.out()).startsWith("tombstones (feature)").contains("enabled (boolean) default: false")
                .contains("emit_tombstone_after_delete (boolean) default: true").contains("exclude_tables (list)");

        Path file = tmp.resolve("tombstones.yaml");
        Files.writeString(file, """
                sources: { gen: { connector: datagen, config: { cdc_features: { tombstones: { enabld: true } } } } }
                sinks: { out: { connector: stdout } }
                """);
        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out() + check.err()).contains("enabld").contains("did you mean enabled");
    }

    @Test
    void theHttpBlockIsListedDescribedAndInTheJsonSchema() throws Exception {
        assertThat(CliHarness.run("spec").out()).contains("Top level:").containsPattern("\\n  http +The /metrics");
        CliHarness.Result http = CliHarness.run("spec", "http");
        assertThat(http.exitCode()).isZero();
        assertThat(http.out()).contains("port (int) default: 9779").contains("host (string) default: \"127.0.0.1\"")
                .contains("ready_max_commit_lag_ms (long) default: 60000");

        String sourcesAndSinks = """
                sources: { gen: { connector: datagen } }
                sinks: { out: { connector: stdout } }
                """;
        JsonSchema schema = printedSchema();
        assertThat(schema.validate(new YAMLMapper().readTree(sourcesAndSinks + "http: { port: 9000, host: 0.0.0.0 }\n")))
                .isEmpty();
        assertThat(schema.validate(new YAMLMapper().readTree(sourcesAndSinks + "http: { prot: 9000 }\n")).toString())
                .contains("prot");
    }

    /** The native PostgreSQL engine has no Debezium underneath: spec must not promise a pass-through it refuses. */
    @Test
    void specOfPostgresCdcSaysWhatTheNativeEngineDoesWithTheDebeziumBlock() {
        CliHarness.Result postgres = CliHarness.run("spec", "postgres-cdc");
        CliHarness.Result mariadb = CliHarness.run("spec", "mariadb-cdc");

        assertThat(postgres.exitCode()).as(postgres.err()).isZero();
        assertThat(postgres.out()).contains("passed through as is")
                .contains("With engine: native only skipped.operations is read");
        assertThat(mariadb.out()).contains("passed through as is").doesNotContain("engine: native");
    }

    @Test
    void specOfAComponentListsItsOptionsWithTypesAndDefaults() {
        CliHarness.Result result = CliHarness.run("spec", "datagen");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("events_per_second (int) default: 10").contains("cdc_mode (boolean)");
    }

    @Test
    void specWithoutNameListsEveryKindOfComponent() {
        CliHarness.Result result = CliHarness.run("spec");

        assertThat(result.out()).contains("Sources").contains("datagen").contains("Sinks").contains("stdout")
                .contains("disabled");
    }

    @Test
    void theListsOneLineSummariesEndAtASentenceNotAtAnAbbreviationAndNameTheKeyVariants() {
        List<String> lines = CliHarness.run("spec").out().lines().toList();

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  filter ")
                .endsWith("matches a condition, e.g. status = 'active' and amount >= 100."));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  cast_key ")
                .endsWith("cast on the record key (the same as cast with target: key)."));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  flatten_key ")
                .endsWith("flatten on the record key (the same as flatten with target: key)."));
    }

    @Test
    void anUnknownComponentIsAUsageError() {
        CliHarness.Result result = CliHarness.run("spec", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no component named 'nope'");
    }

    private static JsonSchema printedSchema() throws Exception {
        CliHarness.Result result = CliHarness.run("spec", "--json-schema");
        assertThat(result.exitCode()).isZero();
        JsonNode schemaNode = new ObjectMapper().readTree(result.out());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
    }
}
