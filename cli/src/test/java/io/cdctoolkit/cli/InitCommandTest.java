package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.RegistryFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everySourceAndSinkCombinationGivesAConfigThatLoadsWithoutProblems() throws Exception {
        ComponentCatalog catalog = ComponentCatalog.load();
        for (ComponentFactory<?> source : catalog.sources()) {
            for (ComponentFactory<?> sink : catalog.sinks()) {
                String s = source.spec().name();
                String k = sink.spec().name();
                CliHarness.Result init = CliHarness.run("init", "--source", s, "--sink", k);
                assertThat(init.exitCode()).isZero();
                Path file = tmp.resolve(s + "-" + k + ".yaml");
                Files.writeString(file, init.out());

                // Loading is what `check` does before it connects anywhere; placeholders get values.
                Map<String, String> env = placeholders(init.out());

                assertThatCode(() -> ConfigLoader.load(file, catalog, env)).as(s + " → " + k + "\n" + init.out())
                        .doesNotThrowAnyException();
            }
        }
    }

    /**
     * The file's promise — optional options are commented out with their defaults — holds only if uncommenting one
     * keeps it loadable: a block whose options are all commented out used to end in a "{}" line, and any option
     * uncommented above it was a YAML syntax error.
     */
    @Test
    void anyOptionUncommentedAloneKeepsTheGeneratedConfigLoadable() throws Exception {
        ComponentCatalog catalog = ComponentCatalog.load();
        List<String> inits = new ArrayList<>();
        for (ComponentFactory<?> source : catalog.sources()) {
            inits.add("--source=" + source.spec().name());
        }
        for (ComponentFactory<?> sink : catalog.sinks()) {
            inits.add("--sink=" + sink.spec().name());
        }
        for (RegistryFactory registry : catalog.registries()) {
            inits.add("--registry=" + registry.spec().name());
        }
        List<String> broken = new ArrayList<>();
        int tried = 0;
        for (String option : inits) {
            String init = CliHarness.run("init", option).out();
            Map<String, String> env = placeholders(init);
            List<String> lines = init.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher commented = COMMENTED_OPTION.matcher(lines.get(i));
                if (!commented.matches() || commented.group(3).startsWith("<") || underACommentedBlock(lines, i)) {
                    continue;
                }
                List<String> edited = new ArrayList<>(lines);
                edited.set(i, commented.group(1) + commented.group(2) + ": " + commented.group(3));
                Path file = tmp.resolve("uncommented.yaml");
                Files.writeString(file, String.join("\n", edited) + "\n");
                tried++;
                try {
                    ConfigLoader.load(file, catalog, env);
                } catch (ConfigException e) {
                    broken.add("init " + option + ", line " + (i + 1) + " '" + lines.get(i).strip() + "': "
                            + e.getMessage());
                }
            }
        }
        assertThat(tried).as("commented-out options tried").isGreaterThan(150);
        assertThat(broken).isEmpty();
    }

    @Test
    void theGeneratedConfigValidatesAgainstTheJsonSchemaAsAnEditorReadsIt() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(new ObjectMapper().readTree(CliHarness.run("spec", "--json-schema").out()));
        // As YAML (and the YAML language server) reads it: an empty value is null.
        ObjectMapper yaml = new ObjectMapper(
                YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build());
        for (String option : List.of("--source=datagen", "--sink=file", "--registry=glue")) {
            String init = CliHarness.run("init", option).out();
            assertThat(init).as(option).containsPattern("config:\n +# ");
            assertThat(schema.validate(yaml.readTree(init))).as(option + "\n" + init).isEmpty();
        }
    }

    /** {@code  # name: value   # doc}: a commented-out option, its indentation, name and value. */
    private static final Pattern COMMENTED_OPTION = Pattern.compile("^( *)# ([a-z_.]+): (.*?)(   # .*)?$");

    /** Whether line {@code i} sits under a commented-out block (uncommenting it alone would not be meaningful). */
    private static boolean underACommentedBlock(List<String> lines, int i) {
        int indent = lines.get(i).indexOf('#');
        for (int j = i - 1; j >= 0; j--) {
            String line = lines.get(j);
            int lead = line.length() - line.stripLeading().length();
            if (line.isBlank() || lead >= indent) continue;
            return line.stripLeading().startsWith("#");
        }
        return false;
    }

    private static Map<String, String> placeholders(String init) {
        Map<String, String> env = new HashMap<>();
        Matcher variables = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(init);
        while (variables.find()) env.put(variables.group(1), "x");
        return env;
    }

    @Test
    void theGeneratedConfigShowsEveryOptionWithItsDoc() {
        CliHarness.Result init = CliHarness.run("init");

        assertThat(init.out()).contains("connector: datagen").contains("# cdc_mode: false")
                .contains("Generate inserts, updates and deletes").contains("# on_error: stop");
    }

    @Test
    void theCommentedOutHttpBlockLoadsWithItsDefaultsOnceUncommented() throws Exception {
        String init = CliHarness.run("init").out();
        assertThat(init).contains("# http:").contains("docs/operations.md");
        String uncommented = init.replaceAll("(?m)^# http:", "http:").replaceAll("(?m)^  # (port|host|ready_max_commit_lag_ms):",
                "  $1:");
        Path file = tmp.resolve("http.yaml");
        Files.writeString(file, uncommented);

        var http = ConfigLoader.load(file, ComponentCatalog.load(), Map.of()).httpSettings().orElseThrow();
        assertThat(http).isEqualTo(new io.cdctoolkit.engine.config.HttpSettings("127.0.0.1", 9779, 60_000));
    }

    /**
     * The cdc_features blocks are shown with their options, commented out (init showed only "cdc_features: <map>",
     * and nothing for datagen). Uncommented, the tombstones block works: a run puts a tombstone after each delete.
     */
    @Test
    void theCdcFeaturesAreShownWithTheirOptionsAndTheTombstonesBlockWorksOnceUncommented() throws Exception {
        String init = CliHarness.run("init").out();
        assertThat(init).containsPattern("\\n      # cdc_features:   # [^\\n]*\\n        # deduplication:   #")
                .contains("\n        # encryption:   # ").contains("\n          # fields: [")
                .contains("\n        # tombstones:   # ").contains("\n          # enabled: false   # ");
        String uncommented = init.replace("      # cdc_features:", "      cdc_features:")
                .replace("        # tombstones:", "        tombstones:")
                .replace("          # enabled: false   # Follow each delete", "          enabled: true   # Follow each delete")
                .replace("      # cdc_mode: false", "      cdc_mode: true")
                .replace("      # max_events: 0", "      max_events: 200")
                .replace("      # events_per_second: 10", "      events_per_second: 0")
                .replace("state_dir: ./.cdc-toolkit", "state_dir: " + tmp.resolve("state"));
        Path file = tmp.resolve("tombstones.yaml");
        Files.writeString(file, uncommented);

        CliHarness.Result run = CliHarness.run("run", "--config", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : run.out().lines().filter(l -> l.startsWith("{")).toList()) {
            records.add(new ObjectMapper().readTree(line));
        }
        int deletes = 0;
        for (int i = 0; i < records.size(); i++) {
            JsonNode value = records.get(i).get("value");
            if (value.isNull() || !"d".equals(value.path("op").asText())) continue;
            deletes++;
            assertThat(records.get(i + 1).get("value").isNull()).as("the record after delete " + i).isTrue();
            assertThat(records.get(i + 1).get("key")).isEqualTo(records.get(i).get("key"));
        }
        assertThat(deletes).isPositive();
    }

    @Test
    void aDatabaseSourceGetsOneTopicPerTable() throws Exception {
        CliHarness.Result init = CliHarness.run("init", "--source", "postgres-cdc", "--sink", "kafka");
        Path file = tmp.resolve("pg-kafka.yaml");
        Files.writeString(file, init.out());

        CliHarness.Result topics = CliHarness.run(Map.of("DB_PASSWORD", "x"), "topics", "--config", file.toString(),
                "--tables", "app.public.users,app.public.orders");

        assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).containsPattern("app\\.public\\.users\\s+app\\.public\\.users\\s")
                .containsPattern("app\\.public\\.orders\\s+app\\.public\\.orders\\s");
        assertThat(topics.err()).doesNotContain("collision");
    }

    /** MySQL/MariaDB tables are database.table, without a schema: the examples must route as they read. */
    @Test
    void aBinlogSourcesExamplesNameTablesAsItDoesAndRouteWithoutUnknownParts() throws Exception {
        String init = CliHarness.run("init", "--source", "mariadb-cdc").out();
        assertThat(init).contains("# include_tables: [app.users, app.orders]")
                .contains("# column_filters: {app.users: {exclude: [password_hash]}}")
                .contains("# topic_routing: \"cdc.{database}.{table}\"");
        Path file = tmp.resolve("mariadb.yaml");
        Files.writeString(file, init.replaceAll("(?m)^      # (include_tables|topic_routing): ", "      $1: "));

        CliHarness.Result topics = CliHarness.run(Map.of("DB_PASSWORD", "x"), "topics", "--config", file.toString(),
                "--tables", "app.users,app.orders");

        assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).contains("cdc.app.users").contains("cdc.app.orders").doesNotContain("_unknown_");
    }

    @Test
    void initAndHelpPointOnlyAtDocsThatExistAndSayWhereMetricsAre() throws Exception {
        String help = CliHarness.run("--help").out();
        assertThat(help).contains("/metrics (Prometheus)").contains("docs/operations.md");
        assertThat(Path.of("..", "docs", "operations.md")).exists();
        ComponentCatalog catalog = ComponentCatalog.load();
        for (ComponentFactory<?> source : catalog.sources()) {
            String init = CliHarness.run("init", "--source", source.spec().name(), "--sink", "kafka").out();
            Matcher docs = Pattern.compile("docs/[A-Za-z0-9_./-]+\\.md").matcher(init);
            while (docs.find()) {
                assertThat(Path.of("..").resolve(docs.group())).as(source.spec().name() + ": " + docs.group()).exists();
            }
            assertThat(init).doesNotContain("dedup window");
        }
    }

    @Test
    void anExternalRegistryGetsAWorkingCommentedBlockWithEveryOption() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        CliHarness.Result init = CliHarness.run("init", "--registry", "external");
        assertThat(init.exitCode()).as(init.err()).isZero();

        ComponentCatalog catalog = ComponentCatalog.load();
        Path file = tmp.resolve("external.yaml");
        Files.writeString(file, init.out());
        ToolkitConfig loaded = ConfigLoader.load(file, catalog, Map.of());
        assertThat(loaded.registry().mode()).isEqualTo("external");
        assertThat(loaded.registry().format()).isEqualTo("avro");
        assertThat(init.out()).contains("\n  format: avro").contains("docs/registries-external.md");
        for (OptionSpec option : catalog.registry("external").orElseThrow().spec().options()) {
            assertThat(init.out()).as(option.name()).contains(option.name() + ":");
        }

        // Pointed at a real registry, the generated file passes check.
        Path real = tmp.resolve("external-apicurio.yaml");
        Files.writeString(real, init.out().replace("url: \"http://localhost:8081\"", "url: \"" + registry.ccompatUrl() + "\""));
        CliHarness.Result check = CliHarness.run("check", "--config", real.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("✓ schema registry: reachable");
    }

    @Test
    void anUnknownSourceIsAUsageError() {
        CliHarness.Result init = CliHarness.run("init", "--source", "oracle-cdc");

        assertThat(init.exitCode()).isEqualTo(2);
        assertThat(init.err()).contains("no source named 'oracle-cdc'").contains("datagen");
    }
}
