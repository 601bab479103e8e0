package io.cdctoolkit.schema.registry.rest;

import java.util.Objects;

/**
 * A password or token. Its {@link #toString()} hides the value, so settings records that hold one
 * can be printed, logged or put in messages without leaking it.
 *
 * @param value the secret itself; read it only where it is sent
 */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "****";
    }
}
