package io.cdctoolkit.engine.spi;

/**
 * A system (database, broker, registry) could not be reached or refused the login: distinct from a
 * configuration error or a failed prerequisite, so the CLI can say "cannot reach" (exit code 3).
 * The message names the system and address and never contains a secret.
 */
public class ConnectivityException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConnectivityException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} is, or was caused (at any depth) by, a {@code ConnectivityException}. */
    public static boolean inCauseChain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectivityException) return true;
        }
        return false;
    }
}
