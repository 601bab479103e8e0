package io.cdctoolkit.compat.registry;

import com.google.protobuf.Message;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.headers.KafkaSerdeHeaders;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaDeserializer;
import io.apicurio.registry.serde.jsonschema.JsonSchemaKafkaSerializer;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaDeserializer;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaSerializer;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Apicurio Registry's own Kafka serdes (3.1.7) configured as a consumer of Confluent-framed records
 * would configure them: only the registry's native v3 URL, relying on the defaults for the framing
 * ({@code Default4ByteIdHandler}: magic byte 0 and a 4-byte id) and the id ({@code use-id=contentId},
 * which is what the ccompat API calls a schema id). Protobuf additionally needs the Confluent message
 * indexes instead of Apicurio's own type reference.
 */
final class ApicurioSerdes {

    private ApicurioSerdes() {
    }

    /** The deserializer of a format ({@code avro}, {@code protobuf}, {@code json_schema}), configured. */
    static Deserializer<Object> deserializer(String format, ApicurioRegistry registry, boolean key) {
        Deserializer<Object> deserializer = switch (format) {
            case "avro" -> new AvroKafkaDeserializer<>();
            case "protobuf" -> objects(new ProtobufKafkaDeserializer<Message>());
            case "json_schema" -> new JsonSchemaKafkaDeserializer<>();
            default -> throw new IllegalArgumentException(format);
        };
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, registry.nativeV3Url());
        if (format.equals("protobuf")) {
            // Confluent framing puts the message-index path after the id; Apicurio's default expects its own Ref.
            config.put(SerdeConfig.READ_INDEXES, true);
            config.put(SerdeConfig.READ_TYPE_REF, false);
            // Generic messages: parsed with the descriptor the msgType header names (see deserialize).
            config.put(key ? SerdeConfig.DESERIALIZER_SPECIFIC_KEY_RETURN_CLASS : SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS,
                    "com.google.protobuf.DynamicMessage");
        }
        if (format.equals("json_schema")) {
            config.put(SerdeConfig.VALIDATION_ENABLED, true); // validate each record against its schema (networknt)
        }
        deserializer.configure(config, key);
        return deserializer;
    }

    /**
     * Decodes one record as a consumer would. For Protobuf, Apicurio's deserializer 3.1.7 with
     * {@code read-type-ref=false} finds the message only by name: the Kafka header
     * {@code apicurio.value.msgType} (or {@code apicurio.key.msgType}) must name the top-level message,
     * and the return class must be {@code DynamicMessage} (a header alone makes it load a generated class
     * of that name). Without {@code read-type-ref=false} it would read our message indexes as its own type
     * reference. The message-index bytes are read and skipped, not used to pick the message.
     */
    static Object deserialize(Deserializer<Object> deserializer, String format, String topic, boolean key,
                              String messageName, byte[] bytes) {
        RecordHeaders headers = new RecordHeaders();
        if (format.equals("protobuf")) {
            headers.add(key ? KafkaSerdeHeaders.HEADER_KEY_MESSAGE_TYPE : KafkaSerdeHeaders.HEADER_VALUE_MESSAGE_TYPE,
                    messageName.getBytes(StandardCharsets.UTF_8));
        }
        return ApicurioClientRetry.call(() -> deserializer.deserialize(topic, headers, bytes));
    }

    /**
     * The serializer of a format, registering its schema itself ({@code auto-register}) under the topic
     * strategy's artifact {@code <topic>-value} in the default group, writing Confluent framing with the
     * contentId; Protobuf writes Confluent message indexes. {@code extra} adds settings (JSON Schema's
     * schema location).
     */
    static Serializer<Object> serializer(String format, ApicurioRegistry registry, Map<String, Object> extra) {
        Serializer<Object> serializer = switch (format) {
            case "avro" -> new AvroKafkaSerializer<>();
            case "protobuf" -> objects(new ProtobufKafkaSerializer<Message>());
            case "json_schema" -> new JsonSchemaKafkaSerializer<>();
            default -> throw new IllegalArgumentException(format);
        };
        Map<String, Object> config = new HashMap<>(extra);
        config.put(SerdeConfig.REGISTRY_URL, registry.nativeV3Url());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        if (format.equals("protobuf")) {
            config.put(SerdeConfig.SEND_INDEXES, true);
            config.put(SerdeConfig.SEND_TYPE_REF, false);
        }
        serializer.configure(config, false);
        return new RetryingSerializer(serializer);
    }

    /** Apicurio's serializer, each record asked again after a closed connection ({@link ApicurioClientRetry}). */
    private record RetryingSerializer(Serializer<Object> apicurio) implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            return ApicurioClientRetry.call(() -> apicurio.serialize(topic, data));
        }

        @Override
        public byte[] serialize(String topic, Headers headers, Object data) {
            return ApicurioClientRetry.call(() -> apicurio.serialize(topic, headers, data));
        }

        @Override
        public void close() {
            apicurio.close();
        }
    }

    /** Protobuf serdes are typed on Message; the tests pass and take Objects. */
    @SuppressWarnings("unchecked")
    private static Deserializer<Object> objects(Deserializer<? extends Message> deserializer) {
        return (Deserializer<Object>) (Deserializer<?>) deserializer;
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> objects(Serializer<? extends Message> serializer) {
        return (Serializer<Object>) (Serializer<?>) serializer;
    }
}
