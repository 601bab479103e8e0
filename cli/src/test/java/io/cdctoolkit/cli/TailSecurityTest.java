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
 * from {@code --consumer.config} (and {@code --consumer-property}), as kafka-console-consumer's. Before, {@code tail}
 * had no way to log in. A refused login or a bad setting is a clear error naming neither password.
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
