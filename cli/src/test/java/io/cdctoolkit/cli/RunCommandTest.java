package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private int port;

    /** The quickstart with its state (and embedded broker data) in the test's folder, on a free port. */
    private Path quickstart() throws Exception {
        if (port == 0) port = CliHarness.freePort();
        return CliHarness.exampleWithStateIn("quickstart.yaml", tmp, port);
    }

    @Test
    void quickstartPrintsOneThousandJsonEventsAndExitsZero() throws Exception {
        CliHarness.Result result = CliHarness.run("run", "--config", quickstart().toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(1000);
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.get("topic").asText()).isEqualTo("cdc.demo.orders");
            assertThat(record.get("key").get("order_id").isNumber()).isTrue();
        }
        assertThat(lines.stream().map(l -> l.contains("\"op\":\"d\"")).filter(b -> b).count()).isPositive();
        assertThat(result.err()).contains("pipeline console completed").contains("pipeline kafka completed")
                .contains("1,000 records out")
                .contains("read them: ./cdc-toolkit tail --bootstrap embedded --topic cdc.demo.orders --from-beginning"
                        + " --state-dir " + tmp.resolve("state") + " --embedded-port " + port);
    }

    @Test
    void quickstartRecordsAreInTheEmbeddedBrokerAfterTheRunAndTailReadsThem() throws Exception {
        Path config = quickstart();
        CliHarness.Result run = CliHarness.run("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        CliHarness.Result tail = CliHarness.run("tail", "--bootstrap", "embedded", "--topic", "cdc.demo.orders",
                "--from-beginning", "--max", "1000", "--state-dir", tmp.resolve("state").toString(),
                "--embedded-port", String.valueOf(port));

        assertThat(tail.exitCode()).as(tail.err()).isZero();
        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(1000);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("value").get("op").asText()).isEqualTo("c");
        assertThat(first.get("headers").get("cdc.op").asText()).isEqualTo("c");
        assertThat(first.has("partition")).isTrue();
        assertThat(first.has("offset")).isTrue();

        // Connecting as the config's sink finds the same broker (the config's state_dir and embedded_port), not one
        // under tail's own --state-dir default in the working directory.
        CliHarness.Result asTheSink = CliHarness.run("tail", "--config", config.toString(), "--sink", "kafka",
                "--topic", "cdc.demo.orders", "--from-beginning", "--max", "1000", "--idle-timeout", "20s");
        assertThat(asTheSink.exitCode()).as(asTheSink.err()).isZero();
        assertThat(asTheSink.out().lines().toList()).isEqualTo(lines);
    }

    /**
     * An embedded broker in an {@code embedded_dir} of its own: tail's {@code --state-dir} cannot name it, so
     * {@code run} prints the {@code --config --sink} command, and that command, as printed, reads the records.
     */
    @Test
    void anEmbeddedBrokerInItsOwnDirectoryIsTailedAsTheSink() throws Exception {
        Path config = tmp.resolve("own-dir.yaml");
        int ownPort = CliHarness.freePort();
        CliHarness.threeOrdersIntoKafka(config, tmp.resolve("state"), "own.dir.orders", "local",
                "{ bootstrap_servers: embedded, embedded_dir: \"" + tmp.resolve("brokers/local") + "\", embedded_port: "
                        + ownPort + " }");

        CliHarness.Result run = CliHarness.run("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String hint = "read them: ./cdc-toolkit tail --config " + config + " --sink local --topic own.dir.orders"
                + " --from-beginning";
        assertThat(run.err()).contains(hint);

        CliHarness.Result tail = CliHarness.runPrinted(java.util.Map.of(), hint, "--max", "3", "--idle-timeout", "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out().lines().map(line -> {
            try {
                return JSON.readTree(line).get("topic").asText();
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList()).containsExactly("own.dir.orders", "own.dir.orders", "own.dir.orders");
    }

    /**
     * Records framed by a registry that another process can read (here a kept {@code mock://} scope): {@code run}
     * prints the {@code --config --sink} command, whose registry decodes them, and that command, as printed, shows
     * each value as its JSON envelope rather than base64. An in-process registry that is not kept cannot decode them
     * later, so its hint stays the plain one.
     */
    @Test
    void registryFramedRecordsAreTailedWithTheConfigThatDecodesThem() throws Exception {
        int port = CliHarness.freePort();
        String sink = "{ bootstrap_servers: embedded, embedded_port: " + port + " }";
        Path kept = CliHarness.threeOrdersIntoKafka(tmp.resolve("kept.yaml"), tmp.resolve("state"), "framed.orders",
                "local", sink);
        Files.writeString(kept, "schema_registry: { mode: external, format: avro, external: { url: \"mock://kept\","
                + " mock_persist: true } }\n", StandardOpenOption.APPEND);
        // A second source, captured by no pipeline here, whose password comes from the environment: tail needs none.
        Files.writeString(kept, Files.readString(kept).replace("sources:\n", "sources:\n  pg: { connector: postgres-cdc,"
                + " config: { host: db, database: app, user: cdc, password: \"${DB_PASSWORD}\" } }\n"));

        CliHarness.Result run = CliHarness.run(java.util.Map.of("DB_PASSWORD", "unused"), "run", "--config", kept.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String hint = "read them: ./cdc-toolkit tail --config " + kept + " --sink local --topic framed.orders"
                + " --from-beginning";
        assertThat(run.err()).contains(hint);
        CliHarness.Result tail = CliHarness.runPrinted(java.util.Map.of(), hint, "--max", "3", "--idle-timeout", "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(3).allSatisfy(line -> {
            JsonNode value = JSON.readTree(line).get("value");
            assertThat(value.isObject()).as(line).isTrue();
            assertThat(value.get("after").get("order_id").isNumber()).as(line).isTrue();
        });

        Path inProcess = CliHarness.threeOrdersIntoKafka(tmp.resolve("in-process.yaml"), tmp.resolve("state2"),
                "framed.orders2", "local", "{ bootstrap_servers: embedded, embedded_port: " + CliHarness.freePort() + " }");
        Files.writeString(inProcess, "schema_registry: { mode: external, format: avro, external: { url: \"mock://gone\" } }\n",
                StandardOpenOption.APPEND);
        CliHarness.Result plain = CliHarness.run("run", "--config", inProcess.toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("read them: ./cdc-toolkit tail --bootstrap embedded --topic framed.orders2")
                .doesNotContain("tail --config");
    }

    @Test
    void twoRunsWithTheSameSeedPrintByteIdenticalOutput() throws Exception {
        Path config = quickstart();

        String first = CliHarness.run("run", "--config", config.toString()).out();
        String second = CliHarness.run("run", "--config", config.toString()).out();

        assertThat(first).isNotEmpty();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void maxEventsStopsEarlyAndTheSummaryGoesToStderrNotStdout() throws Exception {
        CliHarness.Result result = CliHarness.run("run", "--config",
                quickstart().toString(), "--max-events", "10");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSize(10).allMatch(l -> l.startsWith("{\"topic\""));
        assertThat(result.err()).contains("10 events in");
    }

    @Test
    void aConfigErrorExitsTwoBeforeAnythingRuns() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "sources:\n  gen:\n    connector: datagn\nsinks:\n  out:\n    connector: stdout\n");

        CliHarness.Result result = CliHarness.run("run", "--config", bad.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("sources.gen.connector").contains("datagen");
    }

    @Test
    void anUnknownPipelineIsAUsageError() throws Exception {
        CliHarness.Result result = CliHarness.run("run", "--config",
                quickstart().toString(), "--pipeline", "nope");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no pipeline named 'nope'").contains("console, kafka");
    }
}
