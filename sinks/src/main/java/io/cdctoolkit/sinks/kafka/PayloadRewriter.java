package io.cdctoolkit.sinks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.Headers;

/**
 * Rewrites a record's key or value JSON after {@link PayloadDecoder} (e.g. decrypts its encrypted
 * fields, {@code tail --decrypt}), given the record's headers. A function passed in by the caller so that
 * this module needs no security classes.
 */
@FunctionalInterface
public interface PayloadRewriter {

    /** Changes nothing. */
    PayloadRewriter NONE = (json, headers) -> json;

    /**
     * The JSON to show for {@code json}.
     *
     * @throws Exception when it cannot be rewritten; the line then shows {@code json} unchanged and the
     *                   message in {@code key_error}/{@code value_error}
     */
    JsonNode rewrite(JsonNode json, Headers headers) throws Exception;
}
