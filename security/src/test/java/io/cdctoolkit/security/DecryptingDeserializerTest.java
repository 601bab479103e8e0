package io.cdctoolkit.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.ProtectingStage;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.security.TestTables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecryptingDeserializerTest {

    private static final String KEY = EncryptionStageTest.rawKey();

    private static RecordHeaders kafkaHeaders(Headers headers) {
        RecordHeaders out = new RecordHeaders();
        for (Headers.Header h : headers) out.add(h.key(), h.value());
        return out;
    }

    @Test
    void configured_from_consumer_properties_it_decrypts_flat_rows_with_the_context_header() throws Exception {
        ProtectingStage stage = stage(Map.of("fields", List.of("email", "ssn"), "key", KEY));
        ChangeEvent out = applyOne(stage, flatEvent(USERS, user(9, "a@example.com", "999-99-9999", "Zed")));
        byte[] bytes = RowJson.toBytes(out.value());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("a@example.com", "999-99-9999");

        try (DecryptingDeserializer deserializer = new DecryptingDeserializer()) {
            deserializer.configure(Map.of("cdc.decrypt.key", KEY, "bootstrap.servers", "x"), false);
            JsonNode value = deserializer.deserialize("t", kafkaHeaders(out.headers()), bytes);
            assertThat(value).isEqualTo(asJson(user(9, "a@example.com", "999-99-9999", "Zed")));
            assertThat(deserializer.deserialize("t", kafkaHeaders(out.headers()), (byte[]) null)).isNull();

            // Without the header a flat row cannot be placed: an error naming the field, not its value.
            assertThatThrownBy(() -> deserializer.deserialize("t", new RecordHeaders(), bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("email")
                    .hasMessageNotContaining("a@example.com");
        }
    }

    @Test
    void wraps_another_deserializer_and_decrypts_envelopes_by_their_source_block() throws Exception {
        ProtectingStage stage = stage(Map.of("fields", List.of("ssn"), "key", KEY));
        ChangeEvent out = applyOne(stage, envelopeEvent(user(1, "e", "111", "n"), user(1, "e", "222", "n")));
        byte[] bytes = RowJson.toBytes(out.value());

        DecryptingDeserializer deserializer = DecryptingDeserializer.wrapping(
                FieldDecryptor.fromConfig("k", Map.of("key", KEY)), new StringDeserializer(), text -> {
                    try {
                        return JSON.readTree(text);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        JsonNode value = deserializer.deserialize("t", bytes); // no headers at all
        assertThat(value.at("/before/ssn").asText()).isEqualTo("111");
        assertThat(value.at("/after/ssn").asText()).isEqualTo("222");
        assertThat(value).isEqualTo(asJson(envelopeEvent(user(1, "e", "111", "n"), user(1, "e", "222", "n")).value()));
    }

    @Test
    void a_wrong_key_fails_the_record_without_quoting_anything_secret() throws Exception {
        ProtectingStage stage = stage(Map.of("fields", List.of("ssn"), "key", KEY));
        ChangeEvent out = applyOne(stage, flatEvent(USERS, user(1, null, "123-45-6789", null)));
        String otherKey = "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=";
        DecryptingDeserializer deserializer = new DecryptingDeserializer(FieldDecryptor.fromConfig("k", Map.of("key", otherKey)));
        assertThatThrownBy(() -> deserializer.deserialize("t", kafkaHeaders(out.headers()), RowJson.toBytes(out.value())))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'ssn' of shop.public.users")
                .hasMessageNotContaining("123-45-6789")
                .hasMessageNotContaining(otherKey);
    }
}
