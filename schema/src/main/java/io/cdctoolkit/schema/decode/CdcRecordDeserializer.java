package io.cdctoolkit.schema.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.registry.CachingRegistryClient;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RegistryAuth;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.schema.registry.rest.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A Kafka {@link Deserializer} for consumers of cdc-toolkit topics: keys and values in the standard
 * wire format (Avro, Protobuf, JSON Schema, schemas fetched once per id from a Confluent-compatible
 * registry) or plain JSON (the {@code disabled} mode) become the JSON the {@code disabled} mode
 * writes; a tombstone stays null.
 *
 * <p>Consumer properties: {@value #REGISTRY_URL} (required for framed records: an http(s) base URL
 * or {@code mock://<scope>}), and optionally {@value #USERNAME} / {@value #PASSWORD} or
 * {@value #BEARER_TOKEN}.
 */
public final class CdcRecordDeserializer implements Deserializer<JsonNode> {

    public static final String REGISTRY_URL = "cdc.registry.url";
    public static final String USERNAME = "cdc.registry.username";
    public static final String PASSWORD = "cdc.registry.password";
    public static final String BEARER_TOKEN = "cdc.registry.bearer.token";

    private RecordDecoder decoder;
    private RegistryClient registry;

    /** For Kafka's reflective construction; configure before use. */
    public CdcRecordDeserializer() {
    }

    /** A deserializer over a registry client (library use). */
    public CdcRecordDeserializer(RegistryClient registry) {
        this.registry = registry;
        this.decoder = new RecordDecoder(SchemaLookup.of(registry), SchemaFormats::forType);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null) return; // plain JSON only
        RegistryClient client;
        if (MockRegistries.isMockUrl(url.toString())) {
            client = MockRegistries.forUrl(url.toString(), CompatibilityCheckers::forType);
        } else {
            RestRegistrySettings settings = RestRegistrySettings.of(url.toString());
            if (configs.get(USERNAME) != null) {
                settings = settings.withAuth(new RegistryAuth.Basic(configs.get(USERNAME).toString(),
                        new Secret(String.valueOf(configs.get(PASSWORD)))));
            } else if (configs.get(BEARER_TOKEN) != null) {
                settings = settings.withAuth(new RegistryAuth.Bearer(new Secret(configs.get(BEARER_TOKEN).toString())));
            }
            client = new ConfluentRestRegistryClient(settings);
        }
        registry = new CachingRegistryClient(client, Duration.ofMinutes(1), new SimpleMeterRegistry());
        decoder = new RecordDecoder(SchemaLookup.of(registry), SchemaFormats::forType);
    }

    @Override
    public JsonNode deserialize(String topic, byte[] data) {
        if (data == null) return null;
        try {
            if (data.length > 0 && (data[0] == 0x00 || data[0] == 0x03)) {
                if (decoder == null) {
                    throw new SerializationException("record on topic " + topic + " is registry-framed but "
                            + REGISTRY_URL + " is not set");
                }
                return decoder.decode(data);
            }
            return RecordDecoder.plainJson(data);
        } catch (IOException | IllegalArgumentException | io.cdctoolkit.schema.registry.RegistryRequestException e) {
            throw new SerializationException("cannot decode a record of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (registry != null) registry.close();
    }
}
