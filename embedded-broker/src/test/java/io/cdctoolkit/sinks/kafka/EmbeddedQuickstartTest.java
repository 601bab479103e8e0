package io.cdctoolkit.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.broker.EmbeddedKafkaBroker;
import io.cdctoolkit.engine.spi.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart's path: {@code run} writes to {@code bootstrap_servers: embedded} and exits (the broker
 * stops with it); {@code tail --bootstrap embedded} then starts the broker again over the same data
 * directory and reads what was written.
 */
class EmbeddedQuickstartTest {

    @TempDir
    Path stateDir;

    @Test
    void tailReadsWhatTheEmbeddedSinkWroteAfterTheSinkIsGone() throws Exception {
        int port = freePort();
        KafkaTestSupport.Outcomes outcomes = new KafkaTestSupport.Outcomes();
        try (Sink sink = KafkaTestSupport.sink(Map.of("bootstrap_servers", "embedded", "embedded_port", port),
                stateDir)) {
            sink.open();
            sink.write(record("quickstart.users", "{\"id\":1}", "{\"name\":\"ada\"}"), outcomes.callback(0));
            sink.write(record("quickstart.users", "{\"id\":1}", null), outcomes.callback(1));
            sink.flush();
        }
        assertThat(outcomes.failures()).isEmpty();
        assertThat(EmbeddedKafkaBroker.isListening(port)).as("the sink stopped its broker").isFalse();
        assertThat(stateDir.resolve("embedded-kafka")).isDirectory();

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long printed;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            printed = new TopicTailer().tail(TailOptions.builder("embedded", "quickstart.users").fromBeginning(true)
                    .max(2).embeddedDir(stateDir.resolve("embedded-kafka")).embeddedPort(port).build(), out);
        }
        assertThat(printed).isEqualTo(2);
        assertThat(EmbeddedKafkaBroker.isListening(port)).as("tail stopped the broker it started").isFalse();
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) lines.add(mapper.readTree(line));
        assertThat(lines.get(0).get("value").get("name").asText()).isEqualTo("ada");
        assertThat(lines.get(1).get("value").isNull()).isTrue();
        assertThat(lines.get(1).get("key").get("id").asInt()).isEqualTo(1);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
