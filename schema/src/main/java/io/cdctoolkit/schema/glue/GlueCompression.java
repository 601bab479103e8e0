package io.cdctoolkit.schema.glue;

import io.cdctoolkit.schema.wire.WireFraming;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compression of the payload in Glue framing, as AWS's serde does it: the header's second byte says
 * which, and everything after the schema-version UUID (for Protobuf: message index and message) is
 * compressed.
 */
public enum GlueCompression {
    /** Payload as is (header byte {@code 0x00}). */
    NONE(WireFraming.GLUE_UNCOMPRESSED),
    /** zlib, {@link Deflater}'s defaults, as AWS's serde (header byte {@code 0x05}). */
    ZLIB(WireFraming.GLUE_ZLIB);

    private final byte headerByte;

    GlueCompression(byte headerByte) {
        this.headerByte = headerByte;
    }

    /** The header's compression byte. */
    public byte headerByte() {
        return headerByte;
    }

    /** The compression a header byte names. */
    public static GlueCompression fromHeaderByte(byte b) {
        for (GlueCompression c : values()) if (c.headerByte == b) return c;
        throw new IllegalArgumentException(String.format("unknown Glue compression byte 0x%02x", b & 0xff));
    }

    /** Parses a config value: {@code none} or {@code zlib}. */
    public static GlueCompression parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "zlib" -> ZLIB;
            default -> throw new IllegalArgumentException("unknown compression '" + text + "' (expected none or zlib)");
        };
    }

    /** Compresses {@code data[offset, offset+length)} (ZLIB) or copies it (NONE). */
    public byte[] compress(byte[] data, int offset, int length) {
        if (this == NONE) return java.util.Arrays.copyOfRange(data, offset, offset + length);
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data, offset, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, length / 2));
            byte[] buffer = new byte[Math.max(64, Math.min(length + 64, 64 * 1024))];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Decompresses {@code data[offset, offset+length)} (ZLIB) or copies it (NONE).
     *
     * @throws IllegalArgumentException when the bytes are not a complete zlib stream
     */
    public byte[] decompress(byte[] data, int offset, int length) {
        if (this == NONE) return java.util.Arrays.copyOfRange(data, offset, offset + length);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(length * 2 + 16);
            byte[] buffer = new byte[Math.max(64, Math.min(length * 4, 64 * 1024))];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated zlib payload in Glue-framed record");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("invalid zlib payload in Glue-framed record: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
