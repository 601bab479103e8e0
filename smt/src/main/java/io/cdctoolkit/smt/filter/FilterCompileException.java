package io.cdctoolkit.smt.filter;

/**
 * A well-formed expression that does not fit a row schema: an unknown field, a literal of the wrong
 * type for the field, an operator the field's type does not support.
 */
public final class FilterCompileException extends FilterException {

    private static final long serialVersionUID = 1L;

    FilterCompileException(String message, int column) {
        super(message + " (column " + column + ")", column);
    }
}
