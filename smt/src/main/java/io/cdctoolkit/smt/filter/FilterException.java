package io.cdctoolkit.smt.filter;

/**
 * A filter expression that cannot be parsed or compiled. Carries the 1-based column of the offending
 * token so config checks can point at it. Messages quote at most the offending token of the
 * expression, never event data.
 */
public class FilterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int column;

    /** An error at the given 1-based column; the message already names the column. */
    public FilterException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based column of the offending token in the expression text. */
    public int column() {
        return column;
    }
}
