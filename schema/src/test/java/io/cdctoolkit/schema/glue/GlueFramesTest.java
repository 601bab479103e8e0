package io.cdctoolkit.schema.glue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import io.cdctoolkit.schema.wire.FramedPayload;
import io.cdctoolkit.schema.wire.WireFormat;
import io.cdctoolkit.schema.wire.WireFraming;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GlueFramesTest {

    private static final UUID VERSION = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    private static final byte[] PAYLOAD = "a payload that repeats, repeats, repeats, repeats".getBytes(StandardCharsets.UTF_8);

    /** Inflates with the JDK's stream reader: independent of GlueCompression. */
    private static byte[] inflate(byte[] data, int offset) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(data, offset, data.length - offset))) {
            return in.readAllBytes();
        }
    }

    @Test
    void uncompressedFrameIsTheCachedHeaderFollowedByThePayload() {
        byte[] framed = GlueFrames.frame(VERSION, GlueCompression.NONE, PAYLOAD);

        byte[] header = WireFraming.glueHeader(VERSION);
        assertThat(Arrays.copyOfRange(framed, 0, header.length)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(framed, header.length, framed.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void zlibFrameSaysSoInItsSecondByteAndCarriesAZlibStreamOfThePayload() throws IOException {
        byte[] framed = GlueFrames.frame(VERSION, GlueCompression.ZLIB, PAYLOAD);

        assertThat(framed[0]).isEqualTo((byte) 0x03);
        assertThat(framed[1]).isEqualTo((byte) 0x05);
        ByteBuffer uuid = ByteBuffer.wrap(framed, 2, 16);
        assertThat(new UUID(uuid.getLong(), uuid.getLong())).isEqualTo(VERSION);
        assertThat(inflate(framed, 18)).isEqualTo(PAYLOAD);

        FramedPayload parsed = WireFraming.parse(framed, false);
        assertThat(parsed.format()).isEqualTo(WireFormat.GLUE);
        assertThat(parsed.compressed()).isTrue();
        assertThat(GlueFrames.payload(framed, parsed)).isEqualTo(PAYLOAD);
    }

    @Test
    void protobufMessageIndexIsInsideTheCompressedPart() throws IOException {
        byte[] message = {0x08, (byte) 0x96, 0x01};
        byte[] framed = GlueFrames.frameProtobuf(VERSION, GlueCompression.ZLIB, 3, message);

        byte[] inflated = inflate(framed, 18);
        assertThat(inflated).isEqualTo(new byte[] {3, 0x08, (byte) 0x96, 0x01});

        byte[] payload = GlueFrames.payload(framed, WireFraming.parse(framed, true));
        ByteBuffer in = ByteBuffer.wrap(payload);
        assertThat(GlueFrames.readProtobufMessageIndex(in)).isEqualTo(3);
        assertThat(Arrays.copyOfRange(payload, in.position(), payload.length)).isEqualTo(message);
    }

    @Test
    void uncompressedProtobufFrameMatchesWireFramingsProtobufHeader() {
        byte[] message = {0x08, 0x01};
        byte[] framed = GlueFrames.frameProtobuf(VERSION, GlueCompression.NONE, 200, message);

        byte[] header = WireFraming.glueProtobufHeader(VERSION, 200);
        assertThat(Arrays.copyOfRange(framed, 0, header.length)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(framed, header.length, framed.length)).isEqualTo(message);
    }

    @Test
    void protobufMessageIndexFollowsAwsNumberingSortedFullNamesNestedIncluded() throws Exception {
        // The example in AWS's MessageIndexFinder documentation:
        // message B { message C {} message A { message D {} } }  →  B=0, B.A=1, B.A.D=2, B.C=3
        DescriptorProto b = DescriptorProto.newBuilder().setName("B")
                .addNestedType(DescriptorProto.newBuilder().setName("C"))
                .addNestedType(DescriptorProto.newBuilder().setName("A")
                        .addNestedType(DescriptorProto.newBuilder().setName("D")))
                .build();
        Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(
                FileDescriptorProto.newBuilder().setName("b.proto").setSyntax("proto3").addMessageType(b).build(),
                new Descriptors.FileDescriptor[0]);
        Descriptors.Descriptor bd = file.findMessageTypeByName("B");

        assertThat(GlueFrames.protobufMessageIndex(bd)).isEqualTo(0);
        assertThat(GlueFrames.protobufMessageIndex(bd.findNestedTypeByName("A"))).isEqualTo(1);
        assertThat(GlueFrames.protobufMessageIndex(bd.findNestedTypeByName("A").findNestedTypeByName("D"))).isEqualTo(2);
        assertThat(GlueFrames.protobufMessageIndex(bd.findNestedTypeByName("C"))).isEqualTo(3);
    }
}
