package io.cdctoolkit.schema.glue;

import com.google.protobuf.Descriptors;
import io.cdctoolkit.schema.wire.FramedPayload;
import io.cdctoolkit.schema.wire.WireFormat;
import io.cdctoolkit.schema.wire.WireFraming;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * AWS Glue framing with compression, exactly as AWS's serde writes it: {@code 0x03}, the compression
 * byte, the version UUID, then the payload — compressed as a whole when zlib is on. For Protobuf the
 * payload is the message index (one unsigned varint) followed by the message, so the index is
 * <em>inside</em> the compressed part.
 *
 * <p>Without compression {@link WireFraming#glueHeader} / {@link WireFraming#glueProtobufHeader} give
 * the same bytes as a prefix that an encoder can cache; with zlib the payload must pass through here.
 */
public final class GlueFrames {

    private static final int HEADER_LENGTH = 18;

    private GlueFrames() {
    }

    /** A Glue-framed record of an Avro datum or a UTF-8 JSON document. */
    public static byte[] frame(UUID schemaVersion, GlueCompression compression, byte[] payload) {
        return frameBody(schemaVersion, compression, payload, 0, payload.length);
    }

    /**
     * A Glue-framed Protobuf record: the message index (AWS's numbering: {@link #protobufMessageIndex})
     * as an unsigned varint, then the message, compressed together when zlib is on.
     */
    public static byte[] frameProtobuf(UUID schemaVersion, GlueCompression compression, int messageIndex, byte[] message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(message.length + 5);
        WireFraming.writeVarint(body, messageIndex);
        body.writeBytes(message);
        byte[] bytes = body.toByteArray();
        return frameBody(schemaVersion, compression, bytes, 0, bytes.length);
    }

    private static byte[] frameBody(UUID schemaVersion, GlueCompression compression, byte[] body, int offset, int length) {
        byte[] stored = compression == GlueCompression.NONE ? null : compression.compress(body, offset, length);
        int storedLength = stored == null ? length : stored.length;
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + storedLength)
                .put(WireFraming.GLUE_MAGIC).put(compression.headerByte())
                .putLong(schemaVersion.getMostSignificantBits())
                .putLong(schemaVersion.getLeastSignificantBits());
        if (stored == null) out.put(body, offset, length);
        else out.put(stored);
        return out.array();
    }

    /**
     * The payload of a Glue-framed record, decompressed: for Protobuf still starting with the message
     * index ({@link #readProtobufMessageIndex}).
     */
    public static byte[] payload(byte[] record, FramedPayload framed) {
        if (framed.format() != WireFormat.GLUE) {
            throw new IllegalArgumentException("record is " + framed.format() + "-framed, not Glue-framed");
        }
        GlueCompression compression = framed.compressed() ? GlueCompression.ZLIB : GlueCompression.NONE;
        return compression.decompress(record, framed.offset(), framed.length());
    }

    /** Reads the message index at the start of a (decompressed) Glue Protobuf payload; advances {@code payload}. */
    public static int readProtobufMessageIndex(ByteBuffer payload) {
        return WireFraming.readVarint(payload);
    }

    /**
     * AWS's index of {@code message} in its file: every message of the file, nested ones included,
     * sorted by full name, counted from 0 (AWS's {@code MessageIndexFinder}). Not Confluent's
     * declaration-order path: a file with messages {@code Value} and {@code Envelope} gives
     * {@code Envelope} index 0.
     */
    public static int protobufMessageIndex(Descriptors.Descriptor message) {
        List<String> names = new ArrayList<>();
        Deque<Descriptors.Descriptor> pending = new ArrayDeque<>(message.getFile().getMessageTypes());
        while (!pending.isEmpty()) {
            Descriptors.Descriptor d = pending.removeFirst();
            names.add(d.getFullName());
            pending.addAll(d.getNestedTypes());
        }
        names.sort(Comparator.naturalOrder());
        int index = names.indexOf(message.getFullName());
        if (index < 0) throw new IllegalArgumentException("message " + message.getFullName() + " is not in its file");
        return index;
    }
}
