package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aMisspelledKeyExitsTwoWithFileLineKeyPathAndSuggestion() throws Exception {
        Path config = tmp.resolve("typo.yaml");
        Files.writeString(config, """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: users
                      evnets_per_second: 5
                sinks:
                  out:
                    connector: stdout
                """);

        CliHarness.Result result = CliHarness.run("check", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(config + ":7:")
                .contains("sources.gen.config.evnets_per_second")
                .contains("did you mean events_per_second");
    }

    @Test
    void anUnsetVariableExitsTwoNamingTheVariable() throws Exception {
        Path config = tmp.resolve("vars.yaml");
        Files.writeString(config, """
                sources:
                  gen:
                    connector: datagen
                    config:
                      seed: ${DATAGEN_SEED}
                sinks:
                  out:
                    connector: stdout
                """);

        CliHarness.Result unset = CliHarness.run(Map.of(), "check", "--config", config.toString());
        CliHarness.Result set = CliHarness.run(Map.of("DATAGEN_SEED", "7"), "check", "--config", config.toString());

        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).contains("DATAGEN_SEED").contains("sources.gen.config.seed");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("✓ config");
    }

    @Test
    void everyExampleConfigPassesTheConfigCheck() throws Exception {
        try (var files = Files.list(CliHarness.EXAMPLES)) {
            for (Path example : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                CliHarness.Result result = CliHarness.run(Map.of("PGPASSWORD", "x"), "check", "--config",
                        example.toString());
                assertThat(result.err()).as(example.toString()).doesNotContain("not a valid configuration");
            }
        }
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliHarness.Result result = CliHarness.run("check", "--config", tmp.resolve("absent.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("does not exist");
    }
}
