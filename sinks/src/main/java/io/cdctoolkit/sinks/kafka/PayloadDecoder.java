package io.cdctoolkit.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Turns a record's key or value bytes into JSON for {@link TopicTailer}, e.g. registry-framed Avro,
 * Protobuf or JSON Schema. A function passed in by the caller so that this module needs no schema
 * classes (DESIGN.md: {@code sinks} and {@code schema} never depend on each other).
 */
@FunctionalInterface
public interface PayloadDecoder {

    /** Decodes nothing: every payload is shown as JSON when it is JSON, else as base64. */
    PayloadDecoder NONE = bytes -> Optional.empty();

    /**
     * Decodes one key or value.
     *
     * @param bytes the payload, never null or empty
     * @return the JSON, or empty when the bytes are not in this decoder's format (they are then shown
     *         as JSON when they are JSON, else as base64)
     * @throws Exception when the bytes are in this decoder's format but cannot be decoded (unknown
     *                   schema id, registry unreachable, payload not matching its schema); the line
     *                   then carries the message in {@code key_error}/{@code value_error} and the bytes
     *                   as base64
     */
    Optional<JsonNode> decode(byte[] bytes) throws Exception;
}
