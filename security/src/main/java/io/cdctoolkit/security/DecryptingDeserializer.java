package io.cdctoolkit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A Kafka {@link Deserializer} that turns a record's key or value into JSON with an inner deserializer
 * and decrypts every {@code enc:v1:} field of it with a {@link FieldDecryptor} (see there for how the
 * record's table is found: the {@value FieldDecryptor#CONTEXT_HEADER} header, else an envelope's
 * {@code source}).
 *
 * <p>Three ways to make one:
 * <ul>
 *   <li>{@link #DecryptingDeserializer(FieldDecryptor)}: plain JSON bytes (registry mode {@code disabled});</li>
 *   <li>{@link #wrapping}: on top of any deserializer (a registry deserializer producing Avro records,
 *       a {@code RecordDecoder}), with a function that turns its output into JSON;</li>
 *   <li>the no-argument constructor, for {@code value.deserializer} in consumer properties: plain JSON,
 *       keys from the consumer config under {@value #CONFIG_PREFIX} ({@code cdc.decrypt.keyset},
 *       {@code cdc.decrypt.key}, {@code cdc.decrypt.mode}, {@code cdc.decrypt.kms_uri}, …, the
 *       {@code encryption} block's option names).</li>
 * </ul>
 * A field that does not decrypt fails the record with a {@link SerializationException} naming the
 * field (never its value).
 */
public final class DecryptingDeserializer implements Deserializer<JsonNode> {

    /** Consumer-config prefix of the key options, for the no-argument constructor. */
    public static final String CONFIG_PREFIX = "cdc.decrypt.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldDecryptor decryptor;
    private final Deserializer<?> inner;
    private final Function<Object, JsonNode> toJson;

    /** Plain JSON, keys from {@link #configure} ({@value #CONFIG_PREFIX}… entries). */
    public DecryptingDeserializer() {
        this(null);
    }

    /** Plain JSON bytes, decrypted with {@code decryptor}. */
    public DecryptingDeserializer(FieldDecryptor decryptor) {
        this(decryptor, null, null);
    }

    private DecryptingDeserializer(FieldDecryptor decryptor, Deserializer<?> inner, Function<Object, JsonNode> toJson) {
        this.decryptor = decryptor;
        this.inner = inner;
        this.toJson = toJson;
    }

    /**
     * Decrypts what {@code inner} produces, turned into JSON by {@code toJson} (e.g. an Avro record's
     * JSON form, or {@code node -> node} for a deserializer already producing {@link JsonNode}).
     */
    @SuppressWarnings("unchecked")
    public static <T> DecryptingDeserializer wrapping(FieldDecryptor decryptor, Deserializer<T> inner,
                                                      Function<? super T, ? extends JsonNode> toJson) {
        return new DecryptingDeserializer(decryptor, inner, value -> toJson.apply((T) value));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (inner != null) inner.configure(configs, isKey);
        if (decryptor != null) return;
        Map<String, Object> block = new LinkedHashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith(CONFIG_PREFIX)) block.put(k.substring(CONFIG_PREFIX.length()), v);
        });
        try {
            decryptor = FieldDecryptor.fromConfig(CONFIG_PREFIX.substring(0, CONFIG_PREFIX.length() - 1), block);
        } catch (ConfigException e) {
            throw new org.apache.kafka.common.config.ConfigException(e.getMessage());
        }
    }

    @Override
    public JsonNode deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public JsonNode deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) return null;
        if (decryptor == null) throw new IllegalStateException("DecryptingDeserializer is not configured: no keys");
        JsonNode json = inner == null ? parse(data) : convert(topic, headers, data);
        try {
            return decryptor.decryptRecord(json, context(headers));
        } catch (DecryptionException e) {
            throw new SerializationException("cannot decrypt a record of topic " + topic + ": " + e.getMessage());
        }
    }

    private JsonNode convert(String topic, Headers headers, byte[] data) {
        Object value = headers == null ? inner.deserialize(topic, data) : inner.deserialize(topic, headers, data);
        return value == null ? null : toJson.apply(value);
    }

    private static JsonNode parse(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new SerializationException("record is not JSON: " + e.getClass().getSimpleName());
        }
    }

    private static String context(Headers headers) {
        if (headers == null) return null;
        Header h = headers.lastHeader(FieldDecryptor.CONTEXT_HEADER);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (inner != null) inner.close();
    }
}
