package io.cdctoolkit.cli;

import io.cdctoolkit.testing.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} of a Kafka sink against a real in-process broker, and against nothing. */
class KafkaCheckTest {

    @TempDir
    Path tmp;

    private Path config(String bootstrap) throws Exception {
        Path file = tmp.resolve("kafka.yaml");
        Files.writeString(file, """
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  kafka:
                    connector: kafka
                    config: { bootstrap_servers: "%s", request_timeout_ms: 3000 }
                """.formatted(bootstrap));
        return file;
    }

    @Test
    void aReachableBrokerPasses() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            CliHarness.Result result = CliHarness.run("check", "--config", config(kafka.bootstrapServers()).toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("✓ sink kafka: brokers").contains("reachable: 1 broker(s)");
        }
    }

    @Test
    void missingDestinationAndDeadLetterTopicsAreReportedWhenNothingWouldCreateThem() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start(Map.of("auto.create.topics.enable", "false"))) {
            Path file = tmp.resolve("missing.yaml");
            Files.writeString(file, """
                    sources:
                      gen: { connector: datagen, topic: orders.absent, config: { max_events: 1 } }
                    sinks:
                      kafka:
                        connector: kafka
                        config: { bootstrap_servers: "%s", request_timeout_ms: 3000 }
                    pipelines:
                      p:
                        source: gen
                        sink: kafka
                        settings: { on_error: dead_letter, dead_letter_topic: dlq.absent }
                    """.formatted(kafka.bootstrapServers()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isNotZero();
            assertThat(result.out()).contains("✗ sink kafka: topics").contains("dlq.absent, orders.absent")
                    .contains("topic_creation is off").contains("set topic_creation.enabled: true");
        }
    }

    @Test
    void allowedMessageLossIsAWarning() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Path file = tmp.resolve("lossy.yaml");
            Files.writeString(file, """
                    sources:
                      gen: { connector: datagen, config: { max_events: 1 } }
                    sinks:
                      kafka:
                        connector: kafka
                        config: { bootstrap_servers: "%s", acks: "1", allow_message_loss: true, topic_creation: { enabled: true } }
                    """.formatted(kafka.bootstrapServers()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.out()).contains("! sink kafka: delivery").contains("acks=1").contains("lose changes");
        }
    }

    @Test
    void acksOneWithoutTheOptInIsAConfigErrorNamingTheLine() throws Exception {
        Path file = tmp.resolve("acks.yaml");
        Files.writeString(file, """
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: "127.0.0.1:1"
                      acks: "1"
                """);

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out() + result.err()).contains("acks.yaml:8").contains("sinks.kafka.config.acks")
                .contains("allow_message_loss: true");
    }

    @Test
    void noBrokerAtTheAddressExitsThreeWithAFixAtOnce() throws Exception {
        int port = CliHarness.freePort();
        Path file = config("127.0.0.1:" + port);
        Files.writeString(file, Files.readString(file)
                .replace("request_timeout_ms: 3000", "request_timeout_ms: 120000"));

        long started = System.nanoTime();
        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("✗ sink kafka").contains("fix:")
                .contains("nothing accepts connections at 127.0.0.1:" + port + " (connection refused)")
                .doesNotContain("if the brokers need a login");
        // Not the two minutes the admin client would wait for a broker that is not there.
        assertThat(tookMs).as("check's wait, ms").isLessThan(60_000);
    }

    /**
     * Something listens but does not answer as Kafka (as a listener that wants a login or TLS does to a plaintext
     * client): only the client's timeout tells, and the message says where a login goes.
     */
    @Test
    void aListenerThatDoesNotAnswerAsKafkaGetsTheLoginHint() throws Exception {
        // Bound and listening but never accepting: the kernel completes connections, nothing ever answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            CliHarness.Result result = CliHarness.run("check", "--config",
                    config("127.0.0.1:" + silent.getLocalPort()).toString());

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out()).contains("✗ sink kafka").contains("no answer within 3000 ms")
                    .contains("(if the brokers need a login or TLS, set the sink's security block)")
                    .doesNotContain("nothing accepts connections");
        }
    }

    @Test
    void anEmbeddedSinkWhosePortAnotherProcessHoldsExitsThree() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = tmp.resolve("embedded.yaml");
            Files.writeString(file, """
                    state_dir: %s
                    sources:
                      gen: { connector: datagen, config: { max_events: 1 } }
                    sinks:
                      kafka: { connector: kafka, config: { bootstrap_servers: embedded, embedded_port: %d } }
                    """.formatted(tmp.resolve("state"), squatter.getLocalPort()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.exitCode()).as(result.out()).isEqualTo(3);
            assertThat(result.out()).contains("✗ sink kafka")
                    .contains("port " + squatter.getLocalPort() + " on 127.0.0.1 is in use by another process");
        }
    }
}
