package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.RetryableException;

/**
 * The registry limited this client's request rate and still did after the client's own retries: HTTP 429 Too Many
 * Requests (Confluent Cloud Schema Registry, a gateway in front of any registry) or AWS Glue's ThrottlingException
 * after the AWS SDK's retries. Reachable and working, so a one-shot command does not call it unreachable; a running
 * pipeline waits and tries the same request again later, as for an outage — the record is not refused, so
 * {@code on_error} never applies to it.
 */
public class RegistryThrottledException extends RetryableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was limited, with the registry's own message
     * @param cause   the client library's exception, or null
     */
    public RegistryThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
