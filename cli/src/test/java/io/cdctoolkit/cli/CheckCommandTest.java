package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.state.StateLock;
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

    /**
     * Debezium's name for the host and a short name for the password are three edits and more away from ours: the key
     * they begin, or that begins them, is suggested. A key like no other lists the known keys, each once (transforms and cdc_features came twice for a
     * Debezium-engine source, which documents them among its own options).
     */
    @Test
    void debeziumStyleNamesGetASuggestionAndOtherUnknownKeysTheKnownOnesOnce() throws Exception {
        Path config = tmp.resolve("debezium-names.yaml");
        Files.writeString(config, """
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      hostname: db.internal
                      database: shop
                      user: cdc
                      pass: secret
                      zz_top: 1
                sinks:
                  out:
                    connector: stdout
                """);

        CliHarness.Result result = CliHarness.run("check", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("sources.pg.config.hostname: unknown key 'hostname' (did you mean host)")
                .contains("sources.pg.config.pass: unknown key 'pass' (did you mean password)");
        String known = result.err().lines().filter(l -> l.contains("unknown key 'zz_top'")).findFirst().orElseThrow();
        assertThat(known).contains("known keys: host, port, database, user, password,");
        for (String key : new String[] {"transforms", "cdc_features", "host", "slot_name"}) {
            assertThat(known.split("[ ,(]" + key + "[,)]", -1)).as(key + " in " + known).hasSize(2);
        }
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
                if (example.getFileName().toString().equals("quickstart-postgres.yaml")) {
                    // Its key is generated into the state folder by the first quickstart run: give the copy one.
                    Path copy = tmp.resolve("quickstart-postgres.yaml");
                    Files.copy(example, copy);
                    Files.createDirectories(tmp.resolve(".cdc-toolkit/quickstart-postgres"));
                    assertThat(CliHarness.run("keys", "generate", "--out",
                            tmp.resolve(".cdc-toolkit/quickstart-postgres/keyset.json").toString()).exitCode()).isZero();
                    example = copy;
                }
                CliHarness.Result result = CliHarness.run(Map.of("PGPASSWORD", "x"), "check", "--config",
                        example.toString());
                assertThat(result.err()).as(example.toString()).doesNotContain("not a valid configuration");
            }
        }
    }

    @Test
    void valuesThatRunWouldRejectAreConfigErrorsForCheckAndRunAlike() throws Exception {
        Path config = tmp.resolve("values.yaml");
        Files.writeString(config, """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    topic: "orders and more!"
                    config: { events_per_second: -5, max_events: -1 }
                  pg:
                    connector: postgres-cdc
                    config: { host: db, port: 70000, database: app, user: cdc }
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: ""
                      topic_creation: { enabled: true, partitions: -3 }
                pipelines:
                  main: { source: gen, sink: kafka, settings: { dead_letter_topic: "dead letters" } }
                  pg: { source: pg, sink: kafka }
                """);

        CliHarness.Result check = CliHarness.run("check", "--config", config.toString());
        CliHarness.Result run = CliHarness.run("run", "--config", config.toString());

        assertThat(check.exitCode()).as(check.err()).isEqualTo(2);
        assertThat(check.err()).contains(config + ":5:5: sources.gen.topic: topic name 'orders and more!' contains ' '")
                .contains(config + ":6:15: sources.gen.config.events_per_second: must be at least 0, got -5")
                .contains(config + ":6:38: sources.gen.config.max_events: must be at least 0, got -1")
                .contains(config + ":9:25: sources.pg.config.port: 70000 is not a port (1..65535)")
                .contains(config + ":14:7: sinks.kafka.config.bootstrap_servers: must not be empty")
                .contains(config + ":15:40: sinks.kafka.config.topic_creation.partitions: must be at least 1, got -3")
                .contains("pipelines.main.settings.dead_letter_topic: topic name 'dead letters' contains ' '");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(check.err());
    }

    @Test
    void whatAComponentRejectsOnlyInCombinationIsAConfigErrorForCheckToo() throws Exception {
        Path config = tmp.resolve("sasl.yaml");
        Files.writeString(config, """
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  kafka:
                    connector: kafka
                    config: { bootstrap_servers: "localhost:9092", security: { protocol: SASL_PLAINTEXT } }
                """);

        CliHarness.Result check = CliHarness.run("check", "--config", config.toString());
        CliHarness.Result run = CliHarness.run("run", "--config", config.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(2);
        assertThat(check.err()).contains("sinks.kafka.config.security.username").contains("needs a user name");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(check.err());
    }

    @Test
    void checkWorksWhileTheSourceRuns() throws Exception {
        Path config = tmp.resolve("running.yaml");
        Files.writeString(config, """
                state_dir: %s
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  out: { connector: stdout }
                """.formatted(tmp.resolve("state")));
        ToolkitConfig loaded = ConfigLoader.load(config, ComponentCatalog.load(), Map.of());

        try (StateLock running = StateLock.acquire(loaded.sourceStateDir("gen"), "source 'gen'")) {
            CliHarness.Result check = CliHarness.run("check", "--config", config.toString());

            assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        }
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliHarness.Result result = CliHarness.run("check", "--config", tmp.resolve("absent.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("does not exist");
    }
}
