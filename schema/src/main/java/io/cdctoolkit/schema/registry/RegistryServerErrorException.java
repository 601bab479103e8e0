package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.RetryableException;

/**
 * The registry answered every attempt at one request with the same server error — HTTP 500, 501 or another 5xx that
 * is not 502, 503 or 504 (a gateway's or an unavailable service's): it is reachable and failed on this request, for
 * instance Apicurio Registry's 500 "External JSON Schema resolution is disabled" (for AWS Glue: its
 * InternalServiceException, the AWS SDK's last answer after its own retries). Still a {@link RetryableException}
 * (a running pipeline tries again on its own schedule, as the error may be the registry's storage for a while), but a
 * one-shot command reports it as the registry's failure, not as a registry it cannot reach.
 */
public class RegistryServerErrorException extends RetryableException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the HTTP status every attempt was answered with
     * @param message what failed, with the registry's own message
     */
    public RegistryServerErrorException(int status, String message) {
        this(status, message, null);
    }

    /**
     * @param status  the HTTP status every attempt was answered with
     * @param message what failed, with the registry's own message
     * @param cause   the client library's exception, or null
     */
    public RegistryServerErrorException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Whether a 5xx status says the registry itself failed (not a gateway, an overload or a timeout in front of it). */
    public static boolean isTheRegistrysOwnFailure(int status) {
        return status >= 500 && status != 502 && status != 503 && status != 504;
    }
}
