package io.cdctoolkit.benchmarks;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.NonRecordContainer;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

import java.util.HashMap;
import java.util.Map;

/**
 * Apicurio's Kafka Connect {@code AvroConverter}, wired as Apicurio wires it: its {@link AvroData} (the
 * converter's Connect ↔ Avro mapping, with its schema cache) in front of Apicurio's
 * {@link AvroKafkaSerializer} / {@link AvroKafkaDeserializer} (registry client, schema resolver and id
 * cache). {@code fromConnectData} = {@code serializer.serialize(topic, avroData.fromConnectData(schema,
 * value))}, {@code toConnectData} = the deserializer's record through {@code avroData.toConnectData}, as
 * in {@code io.apicurio.registry.utils.converter.AvroConverter} / {@code SerdeBasedConverter}.
 *
 * <p>Why not that class itself: Maven Central serves the converter jar only up to 3.0.9, and its
 * {@code SerdeBasedConverter} links against the 3.0 serde API ({@code io.apicurio.registry.serde.KafkaSerializer},
 * moved to {@code ...serde.kafka} in 3.1), whose 3.0.9 jars cannot be resolved (their parent POM is not
 * served). So the mapping is the converter's 3.0.9 {@code AvroData} and the serdes are the project's
 * Apicurio serdes (3.1.x); these dozen lines of glue are the only part written here.
 */
final class ApicurioAvroConverter implements Converter, AutoCloseable {

    private final AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
    private final AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
    private AvroData avroData;

    /** A converter as a Connect worker would configure it: {@code key.converter.*} / {@code value.converter.*}. */
    static ApicurioAvroConverter configured(Map<String, ?> configs, boolean isKey) {
        ApicurioAvroConverter converter = new ApicurioAvroConverter();
        converter.configure(configs, isKey);
        return converter;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> copy = new HashMap<>(configs);
        serializer.configure(copy, isKey);
        deserializer.configure(copy, isKey);
        avroData = new AvroData(new AvroDataConfig(copy));
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return serializer.serialize(topic, avroData.fromConnectData(schema, value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        Object result = deserializer.deserialize(topic, value);
        if (result == null) return SchemaAndValue.NULL;
        if (!(result instanceof GenericContainer container)) return new SchemaAndValue(null, result);
        Object avro = result instanceof NonRecordContainer<?> plain ? plain.getValue() : container;
        return avroData.toConnectData(container.getSchema(), avro);
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
