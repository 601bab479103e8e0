package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whole-file behaviour: locations, substitution, all-at-once reporting, top-level keys. Helpers shared by the reader tests. */
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

    /** A problem as said without its file and line, for comparing whole messages. */
    static String unplaced(ConfigProblem problem) {
        return new ConfigProblem(problem.keyPath(), problem.message(), problem.fix()).toString();
    }

    static final String SINK = """
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

    /** What {@code cdc-toolkit init} prints: blocks whose options are all commented out, which YAML reads as null. */
    @Test
    void aKeyWithNothingOrOnlyCommentsUnderItIsEmptyAndAQuotedEmptyStringIsAString() throws ConfigException {
        String yaml = """
                state_dir:
                sources:
                  gen:
                    connector: datagen
                    config:
                      # pattern: random
                      # seed: 42
                sinks:
                  out:
                    connector: stdout
                    config:
                pipelines:
                  main:
                    source: gen
                    sink: out
                    settings:
                      # on_error: stop
                """;
        ToolkitConfig config = ConfigLoader.load(yaml, "/srv/cdc/app.yaml", TestCatalog.catalog(), Map.of());

        assertThat(config.stateDir()).isEqualTo(Path.of("/srv/cdc/.cdc-toolkit"));
        assertThat(config.source("gen").orElseThrow().config()).isEmpty();
        assertThat(config.sink("out").orElseThrow().config()).isEmpty();
        assertThat(config.pipelines().get("main").settings()).isEqualTo(load(
                "sources:\n  gen: { connector: datagen }\n" + SINK).pipelines().values().iterator().next().settings());
        // Quoted, an empty value is an empty string, as written (here one the option refuses).
        assertThat(problems(yaml.replace("# seed: 42", "stream_name: ''")))
                .extracting(ConfigProblem::keyPath).containsExactly("sources.gen.config.stream_name");
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
    void aRelativeStateDirIsResolvedAgainstTheConfigFilesFolderNotTheWorkingDirectory() throws ConfigException {
        Path folder = Path.of("/srv/cdc/conf");
        String yaml = "state_dir: ../state\nsources:\n  gen: { connector: datagen }\n" + SINK;

        ToolkitConfig config = ConfigLoader.load(yaml, folder.resolve("app.yaml").toString(), TestCatalog.catalog(),
                Map.of());
        ToolkitConfig defaulted = ConfigLoader.load("sources:\n  gen: { connector: datagen }\n" + SINK,
                folder.resolve("app.yaml").toString(), TestCatalog.catalog(), Map.of());

        assertThat(config.stateDir()).isEqualTo(Path.of("/srv/cdc/state"));
        assertThat(defaulted.stateDir()).isEqualTo(folder.resolve(".cdc-toolkit"));
        assertThat(config.sourceStateDir("gen")).isEqualTo(Path.of("/srv/cdc/state/sources/gen"));
        assertThat(config.sourceStateDir("../x y")).isEqualTo(Path.of("/srv/cdc/state/sources/.._x_y"));
        assertThat(config.sourceStateDir("..")).isEqualTo(Path.of("/srv/cdc/state/sources/_.."));
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
    void yamlAliasesAreRejectedWithTheirPlace() {
        String yaml = """
                sources:
                  a: { connector: datagen, config: &common { seed: 1 } }
                  b: { connector: datagen, config: *common }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.b.config");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("aliases (*common) are not supported");
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

    /**
     * A command that reads only some parts of the file (schema check: the registry) loads it without the variables
     * the other parts need, typed options included; a variable missing in its own parts is still an error, and the
     * whole-file load ({@code run}, {@code check}) still reports every one.
     */
    @Test
    void placeholdersOutsideTheReadPartsNeedNotResolve() throws Exception {
        String yaml = """
                version: "1.0"
                schema_registry:
                  mode: external
                  external: { url: "${REGISTRY_URL}", password: "${REGISTRY_PASSWORD}" }
                sources:
                  pg:
                    connector: postgres-cdc
                    config: { host: db, port: "${DB_PORT}", database: app, password: "${DB_PASSWORD}",
                              cdc_features: { encryption: { fields: [email], keyset: "${file:no-such-keyset.json}" } } }
                sinks:
                  out: { connector: kafka, config: { bootstrap_servers: "${BROKERS}" } }
                pipelines:
                  p: { source: pg, sink: out, settings: { batch_size: "${BATCH}" } }
                """;
        Map<String, String> registryOnly = Map.of("REGISTRY_URL", "http://registry:8081", "REGISTRY_PASSWORD", "pw");
        ConfigScope registry = ConfigScope.of("schema_registry");

        ToolkitConfig loaded = ConfigLoader.load(yaml, "examples/test.yaml", TestCatalog.catalog(), registryOnly, registry);
        assertThat(loaded.registry().options()).containsEntry("url", "http://registry:8081").containsEntry("password", "pw");

        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(yaml,
                "examples/test.yaml", TestCatalog.catalog(), Map.of("REGISTRY_URL", "http://registry:8081"), registry));
        assertThat(missing.problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("schema_registry.external.password");

        assertThat(problems(yaml, registryOnly)).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "sources.pg.config.port", "sources.pg.config.password",
                "sources.pg.config.cdc_features.encryption.keyset", "sinks.out.config.bootstrap_servers",
                "pipelines.p.settings.batch_size");
    }

    @Test
    void aScopeCoversItsPartsAndWhatHoldsThem() {
        ConfigScope scope = ConfigScope.of("sinks.out", "sources.*.config.cdc_features.encryption");
        assertThat(scope.covers("sinks.out.config.security.password")).isTrue();
        assertThat(scope.covers("sinks.other.config.bootstrap_servers")).isFalse();
        assertThat(scope.covers("sinks.outer.config.bootstrap_servers")).as("a name, not a text prefix").isFalse();
        assertThat(scope.covers("sources.pg.config.cdc_features.encryption.keyset")).isTrue();
        assertThat(scope.covers("sources.pg.config.cdc_features")).as("a whole block substituted").isTrue();
        assertThat(scope.covers("sources.pg.config.password")).isFalse();
        assertThat(scope.covers("sources.pg.config.transforms[0].config.fields")).isFalse();
        assertThat(scope.covers("state_dir")).isTrue();
        assertThat(ConfigScope.WHOLE.covers("sources.pg.config.password")).isTrue();

        ConfigScope withoutSecrets = ConfigScope.withoutSecrets();
        assertThat(withoutSecrets.covers("sources.pg.config.password")).isFalse();
        assertThat(withoutSecrets.covers("sources.pg.config.cdc_features.encryption.key")).isFalse();
        assertThat(withoutSecrets.covers("sources.pg.config.cdc_features.encryption.keyset")).isFalse();
        assertThat(withoutSecrets.covers("schema_registry.external.bearer_token")).isFalse();
        assertThat(withoutSecrets.covers("sources.pg.config.database")).isTrue();
        assertThat(withoutSecrets.covers("sources.pg.config.topic_routing")).isTrue();
        assertThat(withoutSecrets.covers("sources.pg.config.transforms[0].config.key")).as("not an encryption key").isTrue();
    }
}
