package io.cdctoolkit.engine.spi;

/** A failure that may go away if the same operation is tried again (network, broker unavailable). */
public class RetryableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
