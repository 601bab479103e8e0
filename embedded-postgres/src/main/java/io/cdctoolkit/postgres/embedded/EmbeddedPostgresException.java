package io.cdctoolkit.postgres.embedded;

/** The embedded PostgreSQL could not be started; the message says why and where. */
public final class EmbeddedPostgresException extends RuntimeException {

    EmbeddedPostgresException(String message) {
        super(message);
    }

    EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
