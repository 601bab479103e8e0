package io.cdctoolkit.compat.glue;

import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryKafkaDeserializer;
import com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants;
import com.amazonaws.services.schemaregistry.utils.AvroRecordType;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.glue.GlueClients;
import io.cdctoolkit.schema.glue.GlueCompression;
import io.cdctoolkit.schema.glue.GlueCredentials;
import io.cdctoolkit.schema.glue.GlueFrames;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.glue.GlueSettings;
import io.cdctoolkit.compat.MotoGlueRegistries;
import io.cdctoolkit.testing.MotoServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our Glue framing, read by AWS's own {@link GlueSchemaRegistryKafkaDeserializer} (serde 1.1.24)
 * against moto_server: the schema is registered through {@link GlueSchemaRegistry}, the datum written
 * with Avro's own {@link GenericDatumWriter}, framed by {@link GlueFrames}.
 */
class GlueDeserializerInteropTest {

    private static final String AVRO = """
            {"type": "record", "name": "Order", "namespace": "shop",
             "fields": [
               {"name": "id", "type": "long"},
               {"name": "customer", "type": ["null", "string"], "default": null},
               {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}}
             ]}""";

    @ParameterizedTest
    @EnumSource(GlueCompression.class)
    void awsDeserializerReadsOurGlueFramedAvro(GlueCompression compression) throws IOException {
        MotoServer moto = MotoServer.shared();
        String registry = "interop-" + UUID.randomUUID();
        GlueSettings settings = GlueSettings.of(moto.region())
                .withEndpoint(moto.endpoint())
                .withRegistryName(registry)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()))
                .withCompression(compression);
        try (GlueClient admin = GlueClients.create(settings)) {
            MotoGlueRegistries.create(admin, registry);
        }

        String topic = "shop.orders";
        Schema schema = new Schema.Parser().parse(AVRO);
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", 42L);
        order.put("customer", "Zoë");
        order.put("amount", java.nio.ByteBuffer.wrap(new java.math.BigInteger("123456").toByteArray()));

        byte[] record;
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings)) {
            UUID version = glue.register(GlueSchemaRegistry.valueSchemaName(topic), new SchemaText(SchemaType.AVRO, AVRO));
            record = GlueFrames.frame(version, settings.compression(), avroBinary(schema, order));
        }

        Map<String, Object> config = Map.of(
                AWSSchemaRegistryConstants.AWS_ENDPOINT, moto.endpoint().toString(),
                AWSSchemaRegistryConstants.AWS_REGION, moto.region(),
                AWSSchemaRegistryConstants.AVRO_RECORD_TYPE, AvroRecordType.GENERIC_RECORD.getName());
        try (GlueSchemaRegistryKafkaDeserializer aws = new GlueSchemaRegistryKafkaDeserializer(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())),
                config)) {
            Object decoded = aws.deserialize(topic, record);

            assertThat(decoded).isInstanceOf(GenericRecord.class);
            GenericRecord read = (GenericRecord) decoded;
            assertThat(read.getSchema()).isEqualTo(schema);
            assertThat(read.get("id")).isEqualTo(42L);
            assertThat(read.get("customer")).hasToString("Zoë");
            assertThat(decimal(read.get("amount"), schema.getField("amount").schema())).isEqualByComparingTo("1234.56");
        }
    }

    /** AWS's reader may hand decimals over converted (BigDecimal) or raw (bytes): both must be 1234.56. */
    private static java.math.BigDecimal decimal(Object value, Schema fieldSchema) {
        if (value instanceof java.math.BigDecimal d) return d;
        return new org.apache.avro.Conversions.DecimalConversion().fromBytes(
                (java.nio.ByteBuffer) value, fieldSchema, fieldSchema.getLogicalType());
    }

    private static byte[] avroBinary(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
