package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * A value no field type holds, sent in binary (a send format), whose PostgreSQL text is known:
 * {@code infinity}, {@code -infinity}, {@code NaN}, {@code 24:00:00}. The event is unreadable as in text mode;
 * the text lets its dead-letter record show the value as PostgreSQL writes it ({@link RawRowJson}).
 */
final class UnrepresentableValue extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pgText;

    UnrepresentableValue(String pgText, String message) {
        super(message);
        this.pgText = pgText;
    }

    /** The value as PostgreSQL's output function writes it. */
    String pgText() {
        return pgText;
    }
}
