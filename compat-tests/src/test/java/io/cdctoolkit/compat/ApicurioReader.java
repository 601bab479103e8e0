package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaDeserializer;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaDeserializer;
import io.cdctoolkit.compat.registry.ApicurioClientRetry;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apicurio's own Kafka deserializers (3.1.7), configured as the spec's "independent reader of our
 * bytes": {@code apicurio.registry.url} = the native v3 API, Confluent framing and contentId ids (their
 * defaults); Protobuf with {@code read-indexes=true}, {@code read-type-ref=false} and the top-level
 * message named by the header {@code apicurio.(key|value).msgType}, read as a {@code DynamicMessage}; JSON Schema validating each payload
 * against the registered schema (networknt, not ours). Whatever they decode is turned into JSON (field
 * name → value, absent optional → null) so one test can assert on all three formats alike.
 */
final class ApicurioReader implements AutoCloseable {

    /** The {@code schema_registry.format} values and Apicurio's deserializer for each. */
    enum Format {
        AVRO("avro"), PROTOBUF("protobuf"), JSON_SCHEMA("json_schema");

        final String configName;

        Format(String configName) {
            this.configName = configName;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Format format;
    private final Deserializer<Object> keys;
    private final Deserializer<Object> values;

    ApicurioReader(Format format, String nativeV3Url) {
        this.format = format;
        this.keys = deserializer(format, nativeV3Url, true);
        this.values = deserializer(format, nativeV3Url, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Deserializer<Object> deserializer(Format format, String url, boolean key) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", url);
        Deserializer d = switch (format) {
            case AVRO -> new AvroKafkaDeserializer<>();
            case PROTOBUF -> {
                config.put("apicurio.registry.serde.read-indexes", "true");
                config.put("apicurio.registry.serde.read-type-ref", "false");
                // DynamicMessage of the message the header names (without a return class it would load a class by that name).
                config.put(key ? "apicurio.registry.deserializer.key.return-class"
                        : "apicurio.registry.deserializer.value.return-class", "com.google.protobuf.DynamicMessage");
                yield new ProtobufKafkaDeserializer<>();
            }
            case JSON_SCHEMA -> {
                config.put("apicurio.registry.serde.validation-enabled", "true");
                yield new JsonSchemaKafkaDeserializer<>();
            }
        };
        d.configure(config, key);
        return d;
    }

    /** The record's key as Apicurio decodes it, as JSON; null for a null key. */
    JsonNode key(ConsumerRecord<byte[], byte[]> record) {
        return decode(keys, record, record.key(), "apicurio.key.msgType", "Key");
    }

    /** The record's value as Apicurio decodes it, as JSON; null for a tombstone. */
    JsonNode value(ConsumerRecord<byte[], byte[]> record) {
        return decode(values, record, record.value(), "apicurio.value.msgType", "Envelope");
    }

    /** The schema id in a record's standard framing ({@code 0x00}, then the id as a big-endian int32). */
    static int schemaId(byte[] framed) {
        if (framed == null || framed.length < 5 || framed[0] != 0) {
            throw new AssertionError("not in the standard wire format: " + (framed == null ? "null" : framed.length + " bytes"));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    private JsonNode decode(Deserializer<Object> d, ConsumerRecord<byte[], byte[]> record, byte[] bytes,
                            String typeHeader, String topMessage) {
        if (bytes == null) return null;
        RecordHeaders headers = new RecordHeaders();
        // Our Protobuf files have one top-level message, Envelope (or Value) / Key: name it, as the spec says.
        if (format == Format.PROTOBUF) headers.add(typeHeader, topMessage.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Object decoded = ApicurioClientRetry.call(() -> d.deserialize(record.topic(), headers, bytes));
        return switch (format) {
            case AVRO -> parse(GenericData.get().toString(decoded));
            case PROTOBUF -> protobuf((MessageOrBuilder) decoded);
            case JSON_SCHEMA -> decoded instanceof JsonNode node ? node : JSON.valueToTree(decoded);
        };
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Avro's JSON rendering is not JSON: " + json, e);
        }
    }

    /**
     * A protobuf message as JSON by field name: a field with presence that is absent is {@code null};
     * enough for the scalar, nested-message and repeated fields these tests use.
     */
    private static ObjectNode protobuf(MessageOrBuilder message) {
        ObjectNode out = JSON.createObjectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.hasPresence() && !message.hasField(field)) {
                out.putNull(field.getName());
            } else if (field.isRepeated()) {
                ArrayNode array = out.putArray(field.getName());
                for (Object element : (List<?>) message.getField(field)) array.add(protobufValue(field, element));
            } else {
                out.set(field.getName(), protobufValue(field, message.getField(field)));
            }
        }
        return out;
    }

    private static JsonNode protobufValue(FieldDescriptor field, Object value) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) return protobuf((MessageOrBuilder) value);
        return JSON.valueToTree(value instanceof com.google.protobuf.ByteString b ? b.toByteArray() : value);
    }

    @Override
    public void close() {
        keys.close();
        values.close();
    }

    /**
     * Each record decoded by Apicurio, by key id, in offset order: {@code "<op> col=value …"} from
     * {@code after} (columns the record's schema version lacks are left out; null values too), {@code "d"}
     * for a delete (checking {@code before} names the key) and {@code "tombstone"}.
     */
    Map<Integer, List<String>> changesByKey(List<ConsumerRecord<byte[], byte[]>> records, String... columns) {
        Map<Integer, List<String>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int id = key(record).path("id").asInt();
            JsonNode value = value(record);
            String change;
            if (value == null) {
                change = "tombstone";
            } else if (value.path("op").asText().equals("d")) {
                assertThat(value.path("before").path("id").asInt()).isEqualTo(id);
                assertThat(value.path("after").isNull()).isTrue();
                change = "d";
            } else {
                JsonNode after = value.path("after");
                assertThat(after.path("id").asInt()).isEqualTo(id);
                StringBuilder s = new StringBuilder(value.path("op").asText());
                for (String column : columns) {
                    JsonNode v = after.get(column);
                    if (v != null && !v.isNull()) s.append(' ').append(column).append('=').append(v.asText());
                }
                change = s.toString();
            }
            byKey.computeIfAbsent(id, k -> new ArrayList<>()).add(change);
        }
        return byKey;
    }
}
