package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.testing.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tail} against brokers that need a login (SASL/PLAIN, as managed Kafka services do): the consumer settings come
 * from {@code --consumer.config} (and {@code --consumer-property}), as kafka-console-consumer's, or from a kafka sink of
 * the pipeline config ({@code --config F --sink NAME}, the command {@code run} prints for such a sink). Before,
 * {@code tail} had no way to log in. A refused login or a bad setting is a clear error naming neither password.
 */
class TailSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "tail-reader";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String TOPIC = "tail.sasl.orders";
    private static KafkaTestCluster kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBrokerAndWriteARecord() throws Exception {
        kafka = KafkaTestCluster.startSaslPlain(Map.of(USER, PASSWORD));
        Map<String, Object> producer = new HashMap<>(kafka.clientProperties());
        producer.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(TOPIC, utf8("{\"id\":1}"), utf8("{\"after\":{\"id\":1,\"v\":\"one\"}}"))).get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    void theConsumerConfigFileLogsInAndTheRecordIsPrinted() throws Exception {
        CliHarness.Result result = tail("--consumer.config", consumerConfig(PASSWORD).toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode line = JSON.readTree(result.out().strip());
        assertThat(line.get("key").get("id").asInt()).isEqualTo(1);
        assertThat(line.get("value").get("after").get("v").asText()).isEqualTo("one");
    }

    @Test
    void aConsumerPropertyOverridesTheFileAndAWrongPasswordIsARefusedLoginNamingNoPassword() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        CliHarness.Result result = tail("--consumer.config", consumerConfig(PASSWORD).toString(),
                "--consumer-property", "sasl.jaas.config=" + jaas(wrong));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains("refused the login").contains("--consumer.config")
                .doesNotContain(PASSWORD).doesNotContain(wrong);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anInvalidSettingOrAnUnreadableFileIsAConfigError() throws Exception {
        CliHarness.Result invalid = tail("--consumer-property", "security.protocol=SASL_NOPE");
        Path missing = tmp.resolve("missing.properties");
        CliHarness.Result unreadable = tail("--consumer.config", missing.toString());

        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(invalid.err()).contains("the Kafka consumer settings are not valid").contains("SASL_NOPE");
        assertThat(unreadable.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(unreadable.err()).contains("cannot read --consumer.config " + missing);
    }

    /**
     * Kafka gives a plaintext client on a SASL listener no error, only a timeout (the broker closes the connection
     * and the client retries): the message says where a login goes. The timeout is shortened for the test.
     */
    @Test
    void aPlaintextClientOnTheSaslListenerIsToldWhereTheLoginGoes() throws Exception {
        CliHarness.Result plaintext = tail("--consumer-property", "default.api.timeout.ms=2000");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliHarness.Result secured = CliHarness.run("tail", "--bootstrap", "127.0.0.1:" + closedPort, "--topic", TOPIC,
                "--consumer.config", consumerConfig(PASSWORD).toString(),
                "--consumer-property", "default.api.timeout.ms=2000");

        assertThat(plaintext.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(plaintext.err()).contains("cannot reach Kafka at " + kafka.bootstrapServers())
                .contains("if they need a login or TLS, connect as the pipeline's sink does with --config FILE"
                        + " --sink NAME, or give security.protocol, sasl.* and ssl.* settings in --consumer.config");
        // Nothing listening on the port is said at once, and is no matter of logins.
        assertThat(secured.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(secured.err()).contains("cannot reach Kafka at 127.0.0.1:" + closedPort
                        + ": nothing accepts connections at 127.0.0.1:" + closedPort + " (connection refused)")
                .doesNotContain("if they need a login");
    }

    /**
     * The sink's login in its {@code security} block, or as Kafka's own settings in its {@code producer} block (where an
     * OAUTHBEARER or mTLS set-up goes): either way {@code run} prints the {@code --config --sink} command, and that
     * command logs in as the sink does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"security", "producer"})
    void runIntoTheSaslBrokerPrintsATailCommandThatConnectsAsItsSinkDoes(String loginIn) throws Exception {
        Path config = tmp.resolve("pipeline.yaml");
        String topic = "tail.sasl.generated." + loginIn;
        String login = loginIn.equals("security")
                ? "security: { protocol: SASL_PLAINTEXT, sasl_mechanism: PLAIN, username: " + USER
                        + ", password: \"${TAIL_PW}\" }"
                : "producer: { security.protocol: SASL_PLAINTEXT, sasl.mechanism: PLAIN, sasl.jaas.config: \"${TAIL_JAAS}\" }";
        CliHarness.threeOrdersIntoKafka(config, tmp.resolve("state"), topic, "secured", "{ bootstrap_servers: \""
                + kafka.bootstrapServers() + "\", " + login + ", topic_creation: { enabled: true, partitions: 1 } }");
        Map<String, String> env = Map.of("TAIL_PW", PASSWORD, "TAIL_JAAS", jaas(PASSWORD));

        CliHarness.Result run = CliHarness.run(env, "run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String hint = "read them: ./cdc-toolkit tail --config " + config + " --sink secured --topic " + topic
                + " --from-beginning";
        assertThat(run.err()).contains(hint).doesNotContain(PASSWORD);

        // The printed command, as printed (then bounded for the test): the sink's brokers and login, from the file.
        CliHarness.Result tail = CliHarness.runPrinted(env, hint, "--max", "3", "--idle-timeout", "30s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out().strip().split("\n")).hasSize(3);
        assertThat(tail.err()).doesNotContain(PASSWORD);

        CliHarness.Result noSuchSink = CliHarness.run(env, "tail", "--config", config.toString(), "--sink", "nope",
                "--topic", topic, "--max", "1");
        CliHarness.Result noConfig = CliHarness.run(env, "tail", "--sink", "secured", "--topic", topic, "--max", "1");
        assertThat(noSuchSink.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(noSuchSink.err()).contains("has no kafka sink named 'nope' (its kafka sinks: secured)");
        assertThat(noConfig.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(noConfig.err()).contains("--sink NAME needs --config FILE");
    }

    private Path consumerConfig(String password) throws Exception {
        Path file = tmp.resolve("consumer.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + jaas(password).replace("\"", "\\\"") + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\""
                + password + "\";";
    }

    private static CliHarness.Result tail(String... extra) {
        List<String> args = new ArrayList<>(List.of("tail", "--bootstrap", kafka.bootstrapServers(), "--topic", TOPIC,
                "--from-beginning", "--max", "1", "--idle-timeout", "30s"));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
