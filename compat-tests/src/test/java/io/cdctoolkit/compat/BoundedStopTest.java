package io.cdctoolkit.compat;

import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while the Kafka sink's producer is blocked, through the real CLI: the process exits within
 * the documented bound ({@code max_block_ms + close_timeout_ms}, plus the JVM's own start and stop)
 * with exit code 4 and a message saying why — never a hang that needs a second signal.
 */
class BoundedStopTest {

    private static final int MAX_BLOCK_MS = 4_000;
    private static final int CLOSE_TIMEOUT_MS = 4_000;
    /** The documented bound, plus slack for the child JVM on a busy machine. */
    private static final long EXIT_WITHIN_SECONDS = (MAX_BLOCK_MS + CLOSE_TIMEOUT_MS) / 1000 + 20;

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension(Map.of("auto.create.topics.enable", "false"));

    @TempDir
    Path tmp;

    @Test
    void sigtermWhileAWriteWaitsForATopicThatDoesNotExistExitsWithinTheBound() throws Exception {
        Path config = config("absent.topic", "topic_creation: { enabled: false }", "");
        CliProcess cli = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            Await.until("the sink connected", () -> !cli.isAlive() || logged(cli, "connected to"), cli::logTail);
            // Datagen's first event reaches the sink within moments; its write then waits MAX_BLOCK_MS for the topic.
            // (A SIGTERM before that first write would be a clean stop with nothing in flight.)
            Thread.sleep(MAX_BLOCK_MS / 2);
            assertThat(cli.isAlive()).as("still running" + cli.logTail()).isTrue();
            assertThat(cli.terminate(EXIT_WITHIN_SECONDS)).as("exit status after SIGTERM" + cli.logTail()).isEqualTo(4);
        } finally {
            if (cli.isAlive()) cli.kill();
        }
        assertThat(cli.log()).contains("topic 'absent.topic' is not in the cluster's metadata")
                .contains("topic_creation is off");
    }

    @Test
    void sigtermWhileTheBrokerIsDownAndTheBufferIsFullExitsWithinTheBound() throws Exception {
        Path config = config("bounded.stop", "topic_creation: { enabled: true }",
                "producer: { buffer.memory: 32768 }\n      batch_size: 16384");
        CliProcess cli = CliProcess.run(config, tmp.resolve("cli.log"));
        try {
            Await.until("records flowing", () -> !cli.isAlive() || logged(cli, "Created topic bounded.stop"),
                    cli::logTail);
            assertThat(cli.isAlive()).as("still running" + cli.logTail()).isTrue();
            kafka.stopBroker();
            try {
                // The buffer (32 KiB) fills within moments at 2,000 events/s; then each write blocks.
                Thread.sleep(1_000);
                assertThat(cli.terminate(EXIT_WITHIN_SECONDS)).as("exit status after SIGTERM" + cli.logTail())
                        .isEqualTo(4);
            } finally {
                kafka.startBroker();
            }
        } finally {
            if (cli.isAlive()) cli.kill();
        }
        assertThat(cli.log()).containsAnyOf("max_block_ms", "close_timeout_ms");
    }

    private Path config(String topic, String topicCreation, String extra) throws IOException {
        Path file = tmp.resolve("cdc.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    topic: %s
                    config:
                      pattern: sequence
                      events_per_second: 2000
                      seed: 3
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      max_block_ms: %d
                      close_timeout_ms: %d
                      %s
                      %s
                pipelines:
                  stop: { source: gen, sink: kafka }
                """.formatted(tmp.resolve("state"), topic, kafka.bootstrapServers(), MAX_BLOCK_MS, CLOSE_TIMEOUT_MS,
                topicCreation, extra));
        return file;
    }

    private static boolean logged(CliProcess cli, String text) {
        try {
            return cli.log().contains(text);
        } catch (IOException notYetWritten) {
            return false;
        }
    }
}
