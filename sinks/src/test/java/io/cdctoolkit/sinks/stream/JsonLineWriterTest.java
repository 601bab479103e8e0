package io.cdctoolkit.sinks.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLineWriterTest {

    private final JsonLineWriter compact = new JsonLineWriter("stdout", false);

    @Test
    void jsonKeyAndValueAreEmbeddedAsJsonWithHeadersInOrder() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("b", "2");
        headers.put("a", null);

        String line = text(compact.render(Records.json("orders", "{\"id\":7}",
                "{\"after\":{\"id\":7,\"total\":\"1.50\",\"ratio\":0.10,\"big\":12345678901234567890}}", headers)));

        assertThat(line).isEqualTo("{\"topic\":\"orders\",\"key\":{\"id\":7},"
                + "\"value\":{\"after\":{\"id\":7,\"total\":\"1.50\",\"ratio\":0.10,\"big\":12345678901234567890}},"
                + "\"headers\":{\"b\":\"2\",\"a\":null}}\n");
    }

    @Test
    void nullKeyAndTombstoneValueStayNull() throws Exception {
        String line = text(compact.render(Records.json("orders", null, null)));

        assertThat(line).isEqualTo("{\"topic\":\"orders\",\"key\":null,\"value\":null,\"headers\":{}}\n");
    }

    @Test
    void binaryPayloadsAreTheExactWireBytesInBase64() throws Exception {
        byte[] key = {0, 0, 0, 0, 1};
        byte[] value = {(byte) 0xff};
        String line = text(compact.render(Records.binary("t", key, value)));

        assertThat(line).isEqualTo("{\"topic\":\"t\",\"key_base64\":\"AAAAAAE=\",\"value_base64\":\"/w==\",\"headers\":{}}\n");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(java.util.Base64.getDecoder().decode(parsed.get("key_base64").asText())).isEqualTo(key);
        assertThat(java.util.Base64.getDecoder().decode(parsed.get("value_base64").asText())).isEqualTo(value);
    }

    @Test
    void aPayloadSpreadOverLinesStillMakesOneLine() throws Exception {
        String line = text(compact.render(Records.json("t", "{\n  \"id\": 1\n}", "[1,\n 2]")));

        assertThat(line).isEqualTo("{\"topic\":\"t\",\"key\":{   \"id\": 1 },\"value\":[1,  2],\"headers\":{}}\n");
        assertThat(new ObjectMapper().readTree(line).at("/value/1").asInt()).isEqualTo(2);
    }

    @Test
    void jsonPayloadBytesAreCopiedAsTheEncoderWroteThem() throws Exception {
        String key = "{\"id\":1.50,\"s\":\"a\\nb \\u00e9\"}";
        String line = text(compact.render(Records.json("t", key, null)));

        assertThat(line).isEqualTo("{\"topic\":\"t\",\"key\":" + key + ",\"value\":null,\"headers\":{}}\n");
    }

    @Test
    void headersKeepTheirOrderAndARepeatedKeyListsEveryValue() throws Exception {
        SinkRecord record = new SinkRecord("t", null, null,
                Headers.EMPTY.with("a", "1").with("b", new byte[] {(byte) 0xff}).with("a", "2").with("n", (byte[]) null),
                PayloadFormat.JSON, null);

        assertThat(text(compact.render(record))).isEqualTo(
                "{\"topic\":\"t\",\"key\":null,\"value\":null,\"headers\":{\"a\":[\"1\",\"2\"],\"b\":\"/w==\",\"n\":null}}\n");
    }

    @Test
    void prettyIndentsTheRecordOverSeveralLines() throws Exception {
        String text = text(new JsonLineWriter("stdout", true).render(Records.json("t", "{\"id\":1}", "{\"a\":[1]}")));

        assertThat(text.lines().count()).isGreaterThan(3);
        assertThat(text).endsWith("}\n");
        JsonNode node = new ObjectMapper().readTree(text);
        assertThat(node.at("/key/id").asInt()).isEqualTo(1);
        assertThat(node.at("/value/a/0").asInt()).isEqualTo(1);
    }

    @Test
    void prettyRejectsAPayloadThatIsNotJsonNamingTheSink() {
        assertThatThrownBy(() -> new JsonLineWriter("stdout", true).render(Records.json("t", "{\"id\":1}", "{broken")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("stdout")
                .hasMessageContaining("not valid JSON");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
