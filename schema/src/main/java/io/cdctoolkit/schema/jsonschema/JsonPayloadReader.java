package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.schema.format.PayloadReader;

import java.io.IOException;

/**
 * Reads a JSON Schema format payload: it is already the JSON the {@code disabled} mode writes, so
 * reading is parsing. Payloads of other producers are read as they are (not validated).
 */
final class JsonPayloadReader implements PayloadReader {

    private final ObjectMapper mapper;

    JsonPayloadReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public JsonNode read(byte[] data, int offset, int length) throws IOException {
        JsonNode node = mapper.readTree(data, offset, length);
        if (node == null || node.isMissingNode()) throw new IOException("the JSON payload is empty");
        return node;
    }
}
