package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
                Map<String, String> env = new HashMap<>();
                Matcher variables = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(init.out());
                while (variables.find()) env.put(variables.group(1), "x");

                assertThatCode(() -> ConfigLoader.load(file, catalog, env)).as(s + " → " + k + "\n" + init.out())
                        .doesNotThrowAnyException();
            }
        }
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

    @Test
    void aDatabaseSourceGetsOneTopicPerTable() throws Exception {
        CliHarness.Result init = CliHarness.run("init", "--source", "postgres-cdc", "--sink", "kafka");
        Path file = tmp.resolve("pg-kafka.yaml");
        Files.writeString(file, init.out());

        CliHarness.Result topics = CliHarness.run(Map.of("DB_PASSWORD", "x"), "topics", "--config", file.toString(),
                "--tables", "app.public.users,app.public.orders");

        assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).contains("app.public.users-value").contains("app.public.orders-value");
        assertThat(topics.err()).doesNotContain("collision");
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
