package io.cdctoolkit.smt.filter;

/** The expression text does not follow the filter grammar: {@code expected ')' at column 17, found 'and'}. */
public final class FilterSyntaxException extends FilterException {

    private static final long serialVersionUID = 1L;

    private final String expected;

    FilterSyntaxException(String message, int column, String expected) {
        super(message, column);
        this.expected = expected;
    }

    static FilterSyntaxException expected(String expected, Token found) {
        String tail = found.kind() == Token.Kind.END ? " (end of input)" : ", found '" + found.text() + "'";
        return new FilterSyntaxException("expected " + expected + " at column " + found.column() + tail,
                found.column(), expected);
    }

    /** What the parser expected at {@link #column()}, e.g. {@code ')'} or {@code a literal}; null for lexical errors. */
    public String expected() {
        return expected;
    }
}
