package io.cdctoolkit.engine.spi;

/**
 * A failure after which the pipeline must stop and commit nothing past the failed event
 * (authorization denied, a send that will never succeed under a {@code stop} policy).
 */
public class FatalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FatalException(String message) {
        super(message);
    }

    public FatalException(String message, Throwable cause) {
        super(message, cause);
    }
}
