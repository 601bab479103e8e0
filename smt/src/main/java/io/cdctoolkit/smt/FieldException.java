package io.cdctoolkit.smt;

/**
 * A value a transform cannot handle in one event (a string that does not parse as the cast's type,
 * a number out of range). Carries the field path and the reason, never the value itself: the value
 * may be personal data. The stage turns it into an {@code InvalidDataException} naming the transform
 * and the table, which {@code on_error} handles.
 */
public final class FieldException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field  the field path (dotted for nested rows)
     * @param reason what is wrong, for a person to read, without the value
     */
    public FieldException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public FieldException(String field, String reason, Throwable cause) {
        super(reason, cause);
        this.field = field;
    }

    /** The field path. */
    public String field() {
        return field;
    }

    /** The reason, without the field. */
    public String reason() {
        return getMessage();
    }
}
