package io.cdctoolkit.engine.state;

import io.cdctoolkit.engine.spi.FatalException;

/**
 * Another process (or another pipeline of this one) holds the lock of a source's state: this one
 * must not start (the CLI prints the message and exits 4).
 */
public final class StateInUseException extends FatalException {

    private static final long serialVersionUID = 1L;

    public StateInUseException(String message) {
        super(message);
    }
}
