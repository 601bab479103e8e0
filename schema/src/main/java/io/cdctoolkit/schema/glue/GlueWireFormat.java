package io.cdctoolkit.schema.glue;

import java.util.Locale;

/** Which framing records encoded through the Glue registry carry ({@code wire_format}). */
public enum GlueWireFormat {
    /** AWS's own framing ({@code 0x03}, compression, version UUID): read by AWS's deserializers. Default. */
    GLUE,
    /**
     * Confluent framing with a 31-bit id derived from the version UUID (SHA-256): readable only by
     * cdc-toolkit's own decoder, which maps the id back through the registry.
     */
    STANDARD;

    /** Parses a config value: {@code glue} or {@code standard}. */
    public static GlueWireFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "glue" -> GLUE;
            case "standard" -> STANDARD;
            default -> throw new IllegalArgumentException("unknown wire_format '" + text + "' (expected glue or standard)");
        };
    }
}
