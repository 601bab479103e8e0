package io.cdctoolkit.schema.registry;

/**
 * How the encoder frames every payload of one schema: a fixed header, a fixed prefix of the payload
 * itself (Glue's Protobuf message index), and whether the payload (prefix included) is
 * zlib-compressed (Glue's compression). Computed once per schema by a {@link SchemaRegistrar}.
 *
 * @param header        bytes written before the payload
 * @param payloadPrefix bytes written at the start of the payload
 * @param zlib          whether prefix and payload are compressed with {@link java.util.zip.Deflater}
 */
public record Framing(byte[] header, byte[] payloadPrefix, boolean zlib) {

    /** A header and nothing else. */
    public static Framing header(byte[] header) {
        return new Framing(header, new byte[0], false);
    }
}
