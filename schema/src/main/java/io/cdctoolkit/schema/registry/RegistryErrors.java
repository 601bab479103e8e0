package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;

/** How a registry's 4xx answer, or its failing to answer, reaches a person running a command. */
public final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * A {@link RegistryRequestException} as a command reports it: a refused login (401/403) is a
     * {@link ConnectivityException} (the registry cannot be used, as with a wrong database password);
     * anything else is an {@link IllegalArgumentException} carrying the registry's status and message.
     * Wrapped so that callers can throw the result.
     */
    public static RuntimeException translate(RegistryClient registry, RegistryRequestException e) throws ConnectivityException {
        if (e.status() == 401 || e.status() == 403) {
            throw new ConnectivityException("schema registry " + registry.describe() + " refused the login (HTTP "
                    + e.status() + "): " + e.getMessage(), e);
        }
        return new IllegalArgumentException("schema registry " + registry.describe() + " refused the request (HTTP "
                + e.status() + (e.errorCode() != e.status() ? ", error " + e.errorCode() : "") + "): " + e.getMessage(), e);
    }

    /**
     * A request the registry did not serve after its retries, as a command reports it: a {@link ConnectivityException}
     * (exit 3) when the registry could not be reached or said it is unavailable; the
     * {@link RegistryServerErrorException} itself, rethrown, when it answered every attempt with the same failure of
     * its own — reachable, so not worded as unreachable (the command's "error:", exit 4); a
     * {@link ConnectivityException} (exit 3: try again later) worded as the registry's limit when it limited the
     * request rate ({@link RegistryThrottledException}).
     *
     * @return the exception to throw
     */
    public static ConnectivityException unreachable(RetryableException e) {
        if (e instanceof RegistryServerErrorException failed) throw failed;
        if (e instanceof RegistryThrottledException) {
            return new ConnectivityException(e.getMessage() + "; try again later", e);
        }
        return new ConnectivityException("schema registry cannot be reached: " + e.getMessage(), e);
    }
}
