package io.cdctoolkit.schema.compat;

import java.util.Locale;

/**
 * A subject's compatibility level, as Confluent defines them. BACKWARD: consumers on the new schema
 * read data written with the previous one; FORWARD: consumers on the previous schema read data
 * written with the new one; FULL: both. {@code _TRANSITIVE} levels check against every earlier
 * version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the new schema must read data written with earlier ones. */
    public boolean backward() {
        return backward;
    }

    /** Whether earlier schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Whether every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses {@code backward}, {@code FULL_TRANSITIVE}, {@code full-transitive} … */
    public static CompatibilityLevel parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + text
                    + "' (expected none, backward, backward_transitive, forward, forward_transitive, full or full_transitive)");
        }
    }
}
