package io.cdctoolkit.compat.glue;

import com.amazonaws.services.schemaregistry.serializers.GlueSchemaRegistryKafkaSerializer;
import com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.decode.RecordDecoder;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.glue.GlueClients;
import io.cdctoolkit.schema.glue.GlueCredentials;
import io.cdctoolkit.schema.glue.GlueRegistryFactory;
import io.cdctoolkit.schema.glue.GlueSettings;
import io.cdctoolkit.compat.MotoGlueRegistries;
import io.cdctoolkit.testing.MotoServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glue.GlueClient;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other direction of Glue interop: records written by AWS's own
 * {@link GlueSchemaRegistryKafkaSerializer} (serde 1.1.24, registering its own schema in moto) are
 * read by cdc-toolkit's {@link RecordDecoder}, with writer schemas from the {@code glue} mode's lookup,
 * uncompressed and zlib-compressed.
 */
class WeReadGlueBytesTest {

    private static final String AVRO = """
            {"type": "record", "name": "Payment", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "long"},
               {"name": "payer", "type": ["null", "string"], "default": null},
               {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
               {"name": "paid_at", "type": {"type": "long", "logicalType": "timestamp-micros"}}
             ]}""";

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "ZLIB"})
    void ourDecoderReadsAvroThatAwsSerializerWrote(String compression) throws Exception {
        MotoServer moto = MotoServer.shared();
        String registry = "we-read-" + UUID.randomUUID();
        GlueSettings admin = GlueSettings.of(moto.region()).withEndpoint(moto.endpoint()).withRegistryName(registry)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()));
        try (GlueClient glue = GlueClients.create(admin)) {
            MotoGlueRegistries.create(glue, registry);
        }
        Schema schema = new Schema.Parser().parse(AVRO);
        GenericRecord payment = new GenericData.Record(schema);
        payment.put("id", 7L);
        payment.put("payer", "Zoë");
        payment.put("amount", ByteBuffer.wrap(new java.math.BigInteger("-123456").toByteArray()));
        payment.put("paid_at", -1_000_001L); // 1969-12-31T23:59:58.999999Z

        Map<String, Object> config = new HashMap<>();
        config.put(AWSSchemaRegistryConstants.AWS_ENDPOINT, moto.endpoint().toString());
        config.put(AWSSchemaRegistryConstants.AWS_REGION, moto.region());
        config.put(AWSSchemaRegistryConstants.REGISTRY_NAME, registry);
        config.put(AWSSchemaRegistryConstants.SCHEMA_NAME, "shop.payments");
        config.put(AWSSchemaRegistryConstants.DATA_FORMAT, "AVRO");
        config.put(AWSSchemaRegistryConstants.SCHEMA_AUTO_REGISTRATION_SETTING, true);
        config.put(AWSSchemaRegistryConstants.COMPRESSION_TYPE, compression);
        byte[] record;
        try (GlueSchemaRegistryKafkaSerializer aws = new GlueSchemaRegistryKafkaSerializer(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())), null, config)) {
            record = aws.serialize("shop.payments", payment);
        }
        assertThat(record[0]).isEqualTo((byte) 0x03);

        Options options = Options.of("schema_registry.glue", new GlueRegistryFactory().spec().options(), Map.of(
                "region", moto.region(), "endpoint", moto.endpoint().toString(), "registry_name", registry,
                "access_key_id", moto.accessKeyId(), "secret_access_key", moto.secretAccessKey()));
        try (SchemaLookup lookup = new GlueRegistryFactory().openLookup(options)) {
            JsonNode decoded = new RecordDecoder(lookup, SchemaFormats::forType).decode(record);

            assertThat(decoded.get("id").asLong()).isEqualTo(7L);
            assertThat(decoded.get("payer").asText()).isEqualTo("Zoë");
            assertThat(decoded.get("amount").asText()).isEqualTo("-1234.56");
            assertThat(decoded.get("paid_at").asText()).isEqualTo("1969-12-31T23:59:58.999999Z");
        }
    }
}
