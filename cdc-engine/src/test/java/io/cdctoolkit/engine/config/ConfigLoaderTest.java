package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.runtime.ErrorPolicy;
import io.cdctoolkit.engine.runtime.PipelineSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    static ToolkitConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(yaml, "examples/test.yaml", TestCatalog.catalog(), env);
    }

    static ToolkitConfig load(String yaml) throws ConfigException {
        return load(yaml, Map.of());
    }

    static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, env));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems();
    }

    static List<ConfigProblem> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static ConfigProblem only(List<ConfigProblem> problems) {
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static final String SINK = """
            sinks:
              out:
                connector: stdout
            """;

    @Test
    void misspelledKeyIsReportedWithFileLineKeyPathAndSuggestion() {
        String yaml = """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    topic: demo
                    config:
                      evnets_per_second: 100
                """ + SINK;
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(yaml, "examples/bad.yaml", TestCatalog.catalog(), Map.of()));

        ConfigProblem problem = only(e.problems());
        assertThat(problem.file()).isEqualTo("examples/bad.yaml");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.column()).isEqualTo(7);
        assertThat(problem.keyPath()).isEqualTo("sources.gen.config.evnets_per_second");
        assertThat(problem).hasToString("examples/bad.yaml:7:7: sources.gen.config.evnets_per_second: "
                + "unknown key 'evnets_per_second' (did you mean events_per_second)");
        assertThat(e.getMessage()).isEqualTo(problem.toString());
    }

    @Test
    void unsetVariableNamesTheVariableAndTheKeyPath() {
        String yaml = """
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: app
                      password: ${PGPASSWORD}
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.pg.config.password");
        assertThat(problem.message()).contains("PGPASSWORD").contains("not set");
        assertThat(problem.fix()).contains("${PGPASSWORD:-");
        assertThat(problem.line()).isEqualTo(7);
    }

    @Test
    void variablesDefaultsAndEscapesAreSubstitutedInEveryString() throws ConfigException {
        String yaml = """
                sources:
                  pg:
                    connector: postgres-cdc
                    topic: ${TOPIC:-cdc.default}
                    config:
                      host: ${PGHOST}
                      port: ${PGPORT:-5432}
                      database: db_${ENV:-dev}
                      user: ${EMPTY:-fallback}
                      topic_routing: "$${literal}.{table}"
                """ + SINK;
        ToolkitConfig config = load(yaml, Map.of("PGHOST", "db.internal", "ENV", "prod", "EMPTY", ""));

        SourceDefinition pg = config.sources().get("pg");
        assertThat(pg.topic()).isEqualTo("cdc.default");
        assertThat(pg.config()).containsEntry("host", "db.internal")
                .containsEntry("port", "5432")
                .containsEntry("database", "db_prod")
                .containsEntry("user", "fallback")
                .containsEntry("topic_routing", "${literal}.{table}");
    }

    @Test
    void fileSubstitutionReadsTheFileWithoutItsTrailingNewline(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path secret = dir.resolve("pg-password");
        java.nio.file.Files.writeString(secret, "s3cr3t\n");
        java.nio.file.Files.writeString(dir.resolve("relative.txt"), "from-relative\r\n");
        Path file = dir.resolve("cdc.yaml");
        java.nio.file.Files.writeString(file, """
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: app
                      password: ${file:%s}
                      user: ${file:relative.txt}
                """.formatted(secret) + SINK);

        ToolkitConfig config = ConfigLoader.load(file, TestCatalog.catalog(), Map.of());

        assertThat(config.file()).isEqualTo(file);
        assertThat(config.sources().get("pg").config())
                .containsEntry("password", "s3cr3t")
                .containsEntry("user", "from-relative");
    }

    @Test
    void missingFileForSubstitutionIsAProblemAtTheKey() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: ${file:/no/such/file}
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.gen.config.pattern");
        assertThat(problem.message()).contains("/no/such/file");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                version: "2.0"
                sourcs: {}
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: orderz
                      events_per_second: fast
                      transforms:
                        - type: mask_feild
                pipelines:
                  main:
                    source: gen
                    sink: nowhere
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "version", "sourcs", "sources.gen.config.pattern", "sources.gen.config.events_per_second",
                "sources.gen.config.transforms[0].type", "pipelines.main.sink");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("examples/test.yaml");
            assertThat(p.line()).isPositive();
        });
        assertThat(problems).filteredOn(p -> p.keyPath().equals("sourcs"))
                .singleElement().satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean sources"));
        assertThat(problems).filteredOn(p -> p.keyPath().equals("pipelines.main.sink"))
                .singleElement().satisfies(p -> assertThat(p.fix()).contains("defined: out"));
    }

    @Test
    void withoutPipelinesEachSourceGoesToTheOnlySink() throws ConfigException {
        String yaml = """
                sources:
                  orders: { connector: datagen }
                  users: { connector: datagen, config: { pattern: users } }
                """ + SINK;
        ToolkitConfig config = load(yaml);

        assertThat(config.pipelines()).containsOnlyKeys("orders", "users");
        PipelineDefinition users = config.pipelines().get("users");
        assertThat(users.source()).isEqualTo("users");
        assertThat(users.sink()).isEqualTo("out");
        assertThat(users.enabled()).isTrue();
        assertThat(users.settings()).isEqualTo(PipelineSettings.defaults());
        assertThat(config.version()).isEqualTo("1.0");
        assertThat(config.stateDir()).isEqualTo(Path.of("./.cdc-toolkit"));
        assertThat(config.registry()).isEqualTo(RegistryDefinition.disabled());
    }

    @Test
    void twoSinksWithoutPipelinesIsAnError() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                sinks:
                  a: { connector: stdout }
                  b: { connector: stdout }
                """;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("pipelines");
        assertThat(problem.message()).contains("2 sinks").contains("a, b");
        assertThat(problem.fix()).contains("add pipelines:");
    }

    @Test
    void pipelinesAreReadWithSettingsAndTransforms() throws ConfigException {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                sinks:
                  a: { connector: stdout }
                  b: { connector: kafka, config: { bootstrap.servers: "localhost:9092" } }
                pipelines:
                  to_kafka:
                    source: gen
                    sink: b
                    settings: { on_error: dead_letter, dead_letter_topic: cdc.dlq2, batch_size: "${BATCH:-50}" }
                    transforms:
                      - extract_new_record_state
                      - type: mask_field
                        predicate: { tables: ["public.users"], operations: [c, u] }
                        config: { fields: [ssn] }
                  debug: { source: gen, sink: a, enabled: false }
                """;
        ToolkitConfig config = load(yaml);

        PipelineDefinition toKafka = config.pipelines().get("to_kafka");
        assertThat(toKafka.settings().onError()).isEqualTo(ErrorPolicy.DEAD_LETTER);
        assertThat(toKafka.settings().deadLetterTopic()).isEqualTo("cdc.dlq2");
        assertThat(toKafka.settings().batchSize()).isEqualTo(50);
        assertThat(toKafka.transforms()).extracting(TransformDefinition::type)
                .containsExactly("extract_new_record_state", "mask_field");
        TransformDefinition mask = toKafka.transforms().get(1);
        assertThat(mask.predicate()).containsEntry("tables", List.of("public.users"));
        assertThat(mask.config()).containsEntry("fields", List.of("ssn"));
        assertThat(mask.keyPath()).isEqualTo("pipelines.to_kafka.transforms[1]");
        assertThat(config.enabledPipelines()).extracting(PipelineDefinition::name).containsExactly("to_kafka");
    }

    @Test
    void pipelineErrorsNameTheKey() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                pipelines:
                  main:
                    source: gne
                    sink: out
                    enabled: maybe
                    settings: { on_eror: skip, batch_size: 0 }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "pipelines.main.source", "pipelines.main.enabled", "pipelines.main.settings.on_eror");
        assertThat(problems.get(0).fix()).startsWith("did you mean gen");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("on_eror")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean on_error"));
    }

    @Test
    void nonPositiveSettingsAreRejected() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                pipelines:
                  main: { source: gen, sink: out, settings: { batch_size: 0, rate_limit: -1 } }
                """ + SINK;
        assertThat(problems(yaml)).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("pipelines.main.settings.batch_size", "pipelines.main.settings.rate_limit");
    }

    @Test
    void unknownConnectorListsKnownNamesAndSuggestsOne() {
        String yaml = """
                sources:
                  pg: { connector: postgres-cdcc }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.pg.connector");
        assertThat(problem.message()).isEqualTo("unknown source connector 'postgres-cdcc'");
        assertThat(problem.fix()).isEqualTo("did you mean postgres-cdc; known: datagen, postgres-cdc");
    }

    @Test
    void transformsAreExtractedFromSourceConfigAndValidated() throws ConfigException {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: users
                      transforms:
                        - type: org.apache.kafka.connect.transforms.MaskField$Value
                          config: { fields: [email] }
                      cdc_features:
                        deduplication: { enabled: true, ttl_seconds: 60 }
                """ + SINK;
        SourceDefinition gen = load(yaml).sources().get("gen");

        assertThat(gen.config()).containsOnlyKeys("pattern");
        assertThat(gen.transforms()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("mask_field");
            assertThat(t.keyPath()).isEqualTo("sources.gen.config.transforms[0]");
        });
        assertThat(gen.cdcFeatures()).containsOnlyKeys("deduplication");
        assertThat(gen.configKeyPath()).isEqualTo("sources.gen.config");
    }

    @Test
    void badTransformsAreReportedWithTheirPath() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - type: mask_felds
                        - type: mask_field
                          fields: [ssn]
                        - type: extract_new_record_state
                          config: { add_tabel: true }
                          predicate: { tabels: [x] }
                      cdc_features:
                        encription: { enabled: true }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "sources.gen.config.transforms[0].type",
                "sources.gen.config.transforms[1].fields",
                "sources.gen.config.transforms[1].config.fields",
                "sources.gen.config.transforms[2].config.add_tabel",
                "sources.gen.config.transforms[2].predicate.tabels",
                "sources.gen.config.cdc_features.encription");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[0].type")).singleElement()
                .satisfies(p -> assertThat(p.fix()).startsWith("did you mean mask_field; known: "
                        + "extract_new_record_state, mask_field"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[1].fields")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("move it under config:"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("encription")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean encryption"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[2].config.add_tabel")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(10));
    }

    @Test
    void rivvenStreamsBecomeIncludeTables() throws ConfigException {
        String yaml = """
                sources:
                  postgres_db:
                    connector: postgres-cdc
                    config: { host: localhost, database: mydb, include_tables: [public.orders] }
                    streams:
                      - name: users
                        namespace: public
                        sync_mode: incremental
                      - name: audit
                """ + SINK;
        SourceDefinition pg = load(yaml).sources().get("postgres_db");
        assertThat(pg.config().get("include_tables")).isEqualTo(List.of("public.orders", "public.users", "audit"));
    }

    @Test
    void streamsOnAConnectorWithoutIncludeTablesAreAnError() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    streams: [{ name: users }]
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.gen.streams");
        assertThat(problem.message()).contains("not supported by connector datagen");
    }

    @Test
    void rivvenBrokerBlocksAndSinksSayWhatToUseInstead() {
        String yaml = """
                version: "1.0"
                broker:
                  address: localhost:9092
                sources:
                  gen: { connector: datagen }
                sinks:
                  broker:
                    connector: rivven
                    config: { address: localhost:9092 }
                    batch: { max_records: 10000 }
                pipelines:
                  main: { source: gen, sink: broker }
                """;
        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("broker", "sinks.broker.connector", "sinks.broker.batch");
        assertThat(problems).filteredOn(p -> !p.keyPath().endsWith("batch"))
                .allSatisfy(p -> assertThat(p.fix()).contains("connector: kafka").contains("bootstrap_servers"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("batch")).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("batch_size"));
        assertThat(problems.get(0)).hasToString("examples/test.yaml:2:1: broker: the rivven broker block is not"
                + " supported (" + SinkReader.USE_KAFKA + ")");
    }

    @Test
    void sinkConfigIsValidatedAgainstItsSpec() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                sinks:
                  k:
                    connector: kafka
                    config: { acks: everyone, producer: { linger.ms: 5 } }
                """;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("sinks.k.config.bootstrap_servers", "sinks.k.config.acks");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("bootstrap_servers")).singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).contains("required");
                    assertThat(p.line()).as("a missing key points at its parent block").isEqualTo(6);
                });
    }

    @Test
    void schemaRegistryModeSelectsAndValidatesItsBlock() throws ConfigException {
        String yaml = """
                schema_registry:
                  mode: external
                  external: { url: "http://localhost:8081", username: "${SR_USER:-}", auto_register: false }
                """ + """
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        RegistryDefinition registry = load(yaml).registry();
        assertThat(registry.mode()).isEqualTo("external");
        assertThat(registry.format()).isEqualTo("avro");
        assertThat(registry.options()).containsEntry("url", "http://localhost:8081").containsEntry("username", "");
        assertThat(registry.optionsKeyPath()).isEqualTo("schema_registry.external");
    }

    @Test
    void schemaRegistryProblems() {
        String yaml = """
                schema_registry:
                  mode: extrenal
                  format: avr
                  external: { urll: x }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "schema_registry.mode", "schema_registry.format", "schema_registry.external.urll",
                "schema_registry.external.url");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("mode")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean external; known: disabled, external"));
    }

    @Test
    void disabledRegistryOnlyWritesJson() {
        String yaml = """
                schema_registry: { mode: disabled, format: protobuf }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("schema_registry.format");
        assertThat(problem.fix()).contains("format: json");
    }

    @Test
    void stateDirAndUnquotedVersionAreRead() throws ConfigException {
        String yaml = """
                version: 1.0
                state_dir: /var/lib/cdc
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        ToolkitConfig config = load(yaml);
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/cdc"));
        assertThat(config.version()).isEqualTo("1.0");
    }

    @Test
    void yamlSyntaxErrorsAreLocated() {
        String yaml = """
                sources:
                  gen: { connector: datagen
                sinks: {}
                """;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.message()).startsWith("invalid YAML");
        assertThat(problem.file()).isEqualTo("examples/test.yaml");
        assertThat(problem.line()).isPositive();
    }

    @Test
    void unquotedPlaceholderInAFlowMappingGetsAHint() {
        String yaml = """
                sources:
                  pg: { connector: postgres-cdc, config: { host: ${PGHOST} } }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml, Map.of("PGHOST", "h")));
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.message()).startsWith("invalid YAML: ").doesNotContain("\n");
        assertThat(problem.fix()).contains("quote values that use ${");
    }

    @Test
    void duplicateKeysAreErrors() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                  gen: { connector: datagen }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.gen");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("first written on line 2");
    }

    @Test
    void emptyFileAndMissingSectionsAreExplained() {
        assertThat(only(problems("")).message()).isEqualTo("the file is empty");
        assertThat(problems("version: \"1.0\"\n")).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("sources", "sinks");
    }

    @Test
    void anUnresolvedValueIsReportedOnceNotAlsoAsABadValue() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config: { events_per_second: "${RATE}" }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.message()).contains("RATE");
    }
}
