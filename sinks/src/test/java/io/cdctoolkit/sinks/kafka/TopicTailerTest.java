package io.cdctoolkit.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.testing.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTailerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> json = new ProducerRecord<>("tail-me", bytes("{\"id\":1}"),
                    bytes("{\"name\":\"ada\",\"n\":[1,2]}"));
            json.headers().add("cdc.op", bytes("c"));
            producer.send(json).get();
            producer.send(new ProducerRecord<>("tail-me", bytes("{\"id\":1}"), null)).get();
            producer.send(new ProducerRecord<>("tail-me", bytes("plain-key"), new byte[] {0, 0, 0, 0, 7, 2})).get();
            for (int i = 0; i < 4; i++) producer.send(new ProducerRecord<>("tail-group", null, bytes("" + i))).get();
            producer.send(new ProducerRecord<>("tail-decoded", new byte[] {0, 1}, new byte[] {0, 9})).get();
            producer.send(new ProducerRecord<>("tail-decoded", null, bytes("{\"plain\":true}"))).get();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    void printsEachRecordAsAJsonLineWithJsonPayloadsInlineAndBinaryAsBase64() throws Exception {
        List<JsonNode> lines = tail(TailOptions.builder(kafka.bootstrapServers(), "tail-me").fromBeginning(true)
                .max(3).build(), 3);

        JsonNode first = lines.get(0);
        assertThat(first.get("topic").asText()).isEqualTo("tail-me");
        assertThat(first.get("partition").asInt()).isZero();
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("timestamp").asLong()).isPositive();
        assertThat(first.get("key")).isEqualTo(MAPPER.readTree("{\"id\":1}"));
        assertThat(first.get("value")).isEqualTo(MAPPER.readTree("{\"name\":\"ada\",\"n\":[1,2]}"));
        assertThat(first.get("headers")).isEqualTo(MAPPER.readTree("{\"cdc.op\":\"c\"}"));
        assertThat(first.has("value_encoding")).isFalse();

        assertThat(lines.get(1).get("value").isNull()).isTrue();

        JsonNode binary = lines.get(2);
        assertThat(binary.get("key").asText()).isEqualTo(Base64.getEncoder().encodeToString(bytes("plain-key")));
        assertThat(binary.get("key_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(binary.get("value").asText())).containsExactly(0, 0, 0, 0, 7, 2);
        assertThat(binary.get("value_encoding").asText()).isEqualTo("base64");
    }

    @Test
    void aDecoderDecodesWhatItRecognisesAndAFailureIsShownInTheLineWithTheBytes() throws Exception {
        // Recognises payloads whose first byte is 0: [0, 1] decodes, [0, 9] names an unknown schema.
        PayloadDecoder decoder = payload -> {
            if (payload[0] != 0) return java.util.Optional.empty();
            if (payload[1] == 9) throw new IllegalArgumentException("no schema 9");
            return java.util.Optional.of(MAPPER.readTree("{\"decoded\":" + payload[1] + "}"));
        };
        List<JsonNode> lines = tail(new TopicTailer(decoder), TailOptions.builder(kafka.bootstrapServers(), "tail-decoded")
                .fromBeginning(true).max(2).build(), 2);

        JsonNode failed = lines.get(0);
        assertThat(failed.get("key")).isEqualTo(MAPPER.readTree("{\"decoded\":1}"));
        assertThat(failed.has("key_error")).isFalse();
        assertThat(failed.get("value_error").asText()).isEqualTo("no schema 9");
        assertThat(Base64.getDecoder().decode(failed.get("value").asText())).containsExactly(0, 9);
        assertThat(failed.get("value_encoding").asText()).isEqualTo("base64");
        // The tail went on, and bytes the decoder does not recognise are shown as before.
        assertThat(lines.get(1).get("value")).isEqualTo(MAPPER.readTree("{\"plain\":true}"));
        assertThat(lines.get(1).get("key").isNull()).isTrue();
    }

    @Test
    void withoutFromBeginningOldRecordsAreNotPrinted() throws Exception {
        List<JsonNode> lines = tail(TailOptions.builder(kafka.bootstrapServers(), "tail-me")
                .idleTimeout(Duration.ofMillis(500)).build(), 0);
        assertThat(lines).isEmpty();
    }

    @Test
    void aGroupResumesAfterTheLastPrintedRecord() throws Exception {
        TailOptions options = TailOptions.builder(kafka.bootstrapServers(), "tail-group").fromBeginning(true)
                .group("tailers").max(2).build();
        assertThat(tail(options, 2)).extracting(l -> l.get("value").asInt()).containsExactly(0, 1);
        assertThat(tail(options, 2)).extracting(l -> l.get("value").asInt()).containsExactly(2, 3);
    }

    @Test
    void aMissingTopicIsAClearError() {
        assertThatThrownBy(() -> tail(TailOptions.builder(kafka.bootstrapServers(), "no-such-topic").max(1).build(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-topic' does not exist");
    }

    @Test
    void stopEndsATailThatFollowsForever() throws Exception {
        TopicTailer tailer = new TopicTailer();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CompletableFuture<Long> running = CompletableFuture.supplyAsync(() -> {
            try {
                return tailer.tail(TailOptions.builder(kafka.bootstrapServers(), "tail-me").build(), out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        tailer.stop();
        assertThat(running.get(60, TimeUnit.SECONDS)).isZero();
    }

    private static List<JsonNode> tail(TailOptions options, long expected) throws Exception {
        return tail(new TopicTailer(), options, expected);
    }

    private static List<JsonNode> tail(TopicTailer tailer, TailOptions options, long expected) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long printed;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            printed = tailer.tail(options, out);
        }
        assertThat(printed).isEqualTo(expected);
        List<JsonNode> lines = new ArrayList<>();
        String text = buffer.toString(StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            for (String line : text.split("\n")) lines.add(MAPPER.readTree(line));
        }
        return lines;
    }
}
