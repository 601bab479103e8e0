package io.cdctoolkit.schema.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * Reads payloads written against one registry schema back as JSON, in the same shape the
 * {@code disabled} mode writes (Debezium-style: decimals as strings, times and timestamps as ISO
 * text, bytes as base64, uuids as text). Compiled once per writer schema (per id).
 */
@FunctionalInterface
public interface PayloadReader {

    /** Decodes {@code length} bytes of {@code data} from {@code offset} (the payload, framing removed). */
    JsonNode read(byte[] data, int offset, int length) throws IOException;
}
