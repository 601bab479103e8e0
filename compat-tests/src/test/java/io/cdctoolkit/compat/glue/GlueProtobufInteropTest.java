package io.cdctoolkit.compat.glue;

import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryKafkaDeserializer;
import com.amazonaws.services.schemaregistry.serializers.protobuf.MessageIndexFinder;
import com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants;
import com.amazonaws.services.schemaregistry.utils.ProtobufMessageType;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.glue.GlueClient;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Glue Protobuf framing against AWS's own code: its message numbering ({@link MessageIndexFinder})
 * and its deserializer reading our bytes, index inside the compressed part included.
 */
class GlueProtobufInteropTest {

    /** Messages declared out of name order, one nested: AWS numbers them by sorted full name. */
    private static final String PROTO = """
            syntax = "proto3";
            package shop;

            message Value {
              int64 id = 1;
              string customer = 2;
            }

            message Envelope {
              Value after = 1;
              Source source = 2;
              message Source {
                string table = 1;
              }
            }
            """;

    private static Descriptors.FileDescriptor descriptor() throws Descriptors.DescriptorValidationException {
        FieldDescriptorProto.Builder int64 = FieldDescriptorProto.newBuilder().setType(FieldDescriptorProto.Type.TYPE_INT64);
        FieldDescriptorProto.Builder string = FieldDescriptorProto.newBuilder().setType(FieldDescriptorProto.Type.TYPE_STRING);
        FieldDescriptorProto.Builder message = FieldDescriptorProto.newBuilder().setType(FieldDescriptorProto.Type.TYPE_MESSAGE);
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("shop.proto").setSyntax("proto3").setPackage("shop")
                .addMessageType(DescriptorProto.newBuilder().setName("Value")
                        .addField(int64.clone().setName("id").setNumber(1))
                        .addField(string.clone().setName("customer").setNumber(2)))
                .addMessageType(DescriptorProto.newBuilder().setName("Envelope")
                        .addField(message.clone().setName("after").setNumber(1).setTypeName(".shop.Value"))
                        .addField(message.clone().setName("source").setNumber(2).setTypeName(".shop.Envelope.Source"))
                        .addNestedType(DescriptorProto.newBuilder().setName("Source")
                                .addField(string.clone().setName("table").setNumber(1))))
                .build();
        return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
    }

    @Test
    void ourMessageIndexIsAwsMessageIndex() throws Exception {
        Descriptors.FileDescriptor file = descriptor();
        MessageIndexFinder aws = new MessageIndexFinder();
        Descriptors.Descriptor envelope = file.findMessageTypeByName("Envelope");
        for (Descriptors.Descriptor d : new Descriptors.Descriptor[] {
                file.findMessageTypeByName("Value"), envelope, envelope.findNestedTypeByName("Source")}) {
            assertThat(GlueFrames.protobufMessageIndex(d)).as(d.getFullName())
                    .isEqualTo(aws.getByDescriptor(file, d));
        }
    }

    @ParameterizedTest
    @EnumSource(GlueCompression.class)
    void awsDeserializerReadsOurGlueFramedProtobuf(GlueCompression compression) throws Exception {
        MotoServer moto = MotoServer.shared();
        String registry = "interop-pb-" + UUID.randomUUID();
        GlueSettings settings = GlueSettings.of(moto.region())
                .withEndpoint(moto.endpoint())
                .withRegistryName(registry)
                .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey()))
                .withCompression(compression);
        try (GlueClient admin = GlueClients.create(settings)) {
            MotoGlueRegistries.create(admin, registry);
        }

        Descriptors.FileDescriptor file = descriptor();
        Descriptors.Descriptor envelope = file.findMessageTypeByName("Envelope");
        Descriptors.Descriptor value = file.findMessageTypeByName("Value");
        DynamicMessage event = DynamicMessage.newBuilder(envelope)
                .setField(envelope.findFieldByName("after"), DynamicMessage.newBuilder(value)
                        .setField(value.findFieldByName("id"), 42L)
                        .setField(value.findFieldByName("customer"), "Zoë").build())
                .setField(envelope.findFieldByName("source"), DynamicMessage.newBuilder(envelope.findNestedTypeByName("Source"))
                        .setField(envelope.findNestedTypeByName("Source").findFieldByName("table"), "orders").build())
                .build();

        String topic = "shop.orders";
        byte[] record;
        try (GlueSchemaRegistry glue = new GlueSchemaRegistry(settings)) {
            UUID version = glue.register(GlueSchemaRegistry.valueSchemaName(topic), new SchemaText(SchemaType.PROTOBUF, PROTO));
            record = GlueFrames.frameProtobuf(version, compression, GlueFrames.protobufMessageIndex(envelope), event.toByteArray());
        }

        Map<String, Object> config = Map.of(
                AWSSchemaRegistryConstants.AWS_ENDPOINT, moto.endpoint().toString(),
                AWSSchemaRegistryConstants.AWS_REGION, moto.region(),
                AWSSchemaRegistryConstants.PROTOBUF_MESSAGE_TYPE, ProtobufMessageType.DYNAMIC_MESSAGE.getName());
        try (GlueSchemaRegistryKafkaDeserializer aws = new GlueSchemaRegistryKafkaDeserializer(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())),
                config)) {
            Object decoded = aws.deserialize(topic, record);

            assertThat(decoded).isInstanceOf(DynamicMessage.class);
            DynamicMessage read = (DynamicMessage) decoded;
            assertThat(read.getDescriptorForType().getFullName()).isEqualTo("shop.Envelope");
            // Compare by wire bytes: the descriptors are AWS's own parse of the registered text.
            assertThat(read.toByteArray()).isEqualTo(event.toByteArray());
            assertThat(read.toString()).contains("id: 42").contains("table: \"orders\"");
        }
    }
}
