package io.cdctoolkit.schema.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds and parses wire-format headers. Headers are built once per schema (the encoder caches them
 * and prepends them to every payload), parsed once per record by decoders.
 *
 * <p>Written here because the formats are a few bytes each and the libraries that implement them
 * (Confluent's serdes, AWS's Glue serde) are whole serializer stacks with their own registry clients.
 */
public final class WireFraming {

    /** First byte of Confluent framing. */
    public static final byte STANDARD_MAGIC = 0x00;
    /** First byte of AWS Glue framing (header version 3). */
    public static final byte GLUE_MAGIC = 0x03;
    /** Glue compression byte: none. */
    public static final byte GLUE_UNCOMPRESSED = 0x00;
    /** Glue compression byte: zlib. */
    public static final byte GLUE_ZLIB = 0x05;

    private WireFraming() {
    }

    /** Confluent header for Avro and JSON Schema: magic and id. */
    public static byte[] standardHeader(int schemaId) {
        return ByteBuffer.allocate(5).put(STANDARD_MAGIC).putInt(schemaId).array();
    }

    /**
     * Confluent header for Protobuf: magic, id, then the message-index path as zig-zag varints
     * (count, then each index); the common path {@code [0]} is the single byte {@code 0x00}.
     */
    public static byte[] standardProtobufHeader(int schemaId, List<Integer> messageIndexes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8);
        out.writeBytes(standardHeader(schemaId));
        if (messageIndexes.equals(List.of(0))) {
            out.write(0);
        } else {
            writeZigZagVarint(out, messageIndexes.size());
            for (int index : messageIndexes) writeZigZagVarint(out, index);
        }
        return out.toByteArray();
    }

    /** Glue header: magic, compression byte (uncompressed), version UUID. */
    public static byte[] glueHeader(UUID schemaVersion) {
        return ByteBuffer.allocate(18).put(GLUE_MAGIC).put(GLUE_UNCOMPRESSED)
                .putLong(schemaVersion.getMostSignificantBits())
                .putLong(schemaVersion.getLeastSignificantBits()).array();
    }

    /**
     * Glue header for Protobuf: as {@link #glueHeader} followed by the message index as one plain
     * (not zig-zag) varint, as AWS's serializer writes it.
     */
    public static byte[] glueProtobufHeader(UUID schemaVersion, int messageIndex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(20);
        out.writeBytes(glueHeader(schemaVersion));
        writeVarint(out, messageIndex);
        return out.toByteArray();
    }

    /**
     * Splits a framed record. {@code protobuf} says whether the payload is Protobuf (the header then
     * carries message indexes).
     *
     * @throws IllegalArgumentException when the first byte is not a known magic byte or the header is cut short
     */
    public static FramedPayload parse(byte[] data, boolean protobuf) {
        if (data == null || data.length == 0) throw new IllegalArgumentException("empty record: no wire-format header");
        ByteBuffer in = ByteBuffer.wrap(data);
        byte magic = in.get();
        try {
            if (magic == STANDARD_MAGIC) {
                int id = in.getInt();
                List<Integer> indexes = List.of();
                if (protobuf) indexes = readStandardIndexes(in);
                return new FramedPayload(WireFormat.STANDARD, id, null, indexes, false, in.position(),
                        data.length - in.position());
            }
            if (magic == GLUE_MAGIC) {
                byte compression = in.get();
                if (compression != GLUE_UNCOMPRESSED && compression != GLUE_ZLIB) {
                    throw new IllegalArgumentException("unknown Glue compression byte " + compression);
                }
                UUID version = new UUID(in.getLong(), in.getLong());
                List<Integer> indexes = List.of();
                // The message index of a Glue Protobuf record is inside the (possibly compressed) payload.
                return new FramedPayload(WireFormat.GLUE, -1, version, indexes, compression == GLUE_ZLIB,
                        in.position(), data.length - in.position());
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("record of " + data.length + " bytes is shorter than its wire-format header");
        }
        throw new IllegalArgumentException(String.format(
                "first byte 0x%02x is neither Confluent (0x00) nor Glue (0x03) framing", magic & 0xff));
    }

    private static List<Integer> readStandardIndexes(ByteBuffer in) {
        int count = readZigZagVarint(in);
        if (count == 0) return List.of(0);
        if (count < 0 || count > 1024) throw new IllegalArgumentException("invalid Protobuf message-index count " + count);
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) indexes.add(readZigZagVarint(in));
        return indexes;
    }

    /** Writes an unsigned varint (Protobuf base-128). */
    public static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** Reads an unsigned varint (Protobuf base-128). */
    public static int readVarint(ByteBuffer in) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static void writeZigZagVarint(ByteArrayOutputStream out, int value) {
        writeVarint(out, (value << 1) ^ (value >> 31));
    }

    private static int readZigZagVarint(ByteBuffer in) {
        int raw = readVarint(in);
        return (raw >>> 1) ^ -(raw & 1);
    }
}
