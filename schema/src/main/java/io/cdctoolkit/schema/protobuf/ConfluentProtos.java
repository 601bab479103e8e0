package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The two files Confluent Schema Registry knows without references and Confluent's Protobuf converter and serializer
 * import: {@code confluent/type/decimal.proto} (its decimal, {@code confluent.type.Decimal}) and
 * {@code confluent/meta.proto} (the {@code confluent.Meta} of its {@code (confluent.field_meta)} options, which carry
 * Connect schema parameters). Built here because their Java classes ship only in Confluent's
 * {@code kafka-protobuf-types}, which is not on Maven Central; the messages are as Confluent defines them. The custom
 * option extensions of {@code meta.proto} are left out: options do not change how a message decodes, and
 * {@link ProtoTextParser} drops custom options.
 */
final class ConfluentProtos {

    static final String DECIMAL_FILE = "confluent/type/decimal.proto";
    static final String META_FILE = "confluent/meta.proto";
    /** {@code bytes value = 1} (the unscaled value, big-endian two's complement), {@code precision = 2}, {@code scale = 3}. */
    static final String DECIMAL = "confluent.type.Decimal";

    private ConfluentProtos() {
    }

    static FileDescriptor decimal() {
        return build(FileDescriptorProto.newBuilder().setName(DECIMAL_FILE).setSyntax("proto3")
                .setPackage("confluent.type")
                .addMessageType(DescriptorProto.newBuilder().setName("Decimal")
                        .addField(field("value", 1, FieldDescriptorProto.Type.TYPE_BYTES))
                        .addField(field("precision", 2, FieldDescriptorProto.Type.TYPE_UINT32))
                        .addField(field("scale", 3, FieldDescriptorProto.Type.TYPE_INT32)))
                .build());
    }

    static FileDescriptor meta() {
        DescriptorProto paramsEntry = DescriptorProto.newBuilder().setName("ParamsEntry")
                .addField(field("key", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("value", 2, FieldDescriptorProto.Type.TYPE_STRING))
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .build();
        return build(FileDescriptorProto.newBuilder().setName(META_FILE).setSyntax("proto3").setPackage("confluent")
                .addMessageType(DescriptorProto.newBuilder().setName("Meta")
                        .addField(field("doc", 1, FieldDescriptorProto.Type.TYPE_STRING))
                        .addField(field("params", 2, FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setTypeName(".confluent.Meta.ParamsEntry"))
                        .addField(field("tags", 3, FieldDescriptorProto.Type.TYPE_STRING)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                        .addNestedType(paramsEntry))
                .build());
    }

    private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static FileDescriptor build(FileDescriptorProto file) {
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("Confluent's " + file.getName() + " as built here is invalid", e);
        }
    }
}
