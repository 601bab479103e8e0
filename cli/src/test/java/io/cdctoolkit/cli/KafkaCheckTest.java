package io.cdctoolkit.cli;

import io.cdctoolkit.testing.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
    void noBrokerAtTheAddressExitsThreeWithAFix() throws Exception {
        int port = CliHarness.freePort();

        CliHarness.Result result = CliHarness.run("check", "--config", config("127.0.0.1:" + port).toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("✗ sink kafka").contains("127.0.0.1:" + port).contains("fix:");
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
