package io.cdctoolkit.smt.filter;

/** One lexical token of a filter expression, with its 1-based column. */
record Token(Kind kind, String text, int column, java.util.List<String> segments) {

    Token(Kind kind, String text, int column) {
        this(kind, text, column, java.util.List.of());
    }

    enum Kind {
        /** A field path or bare word ({@code a.b}, {@code active}); text is the path as written (back-quotes removed). */
        IDENT,
        /** A keyword (and, or, not, in, like, matches, is, null, true, false); text is lower case. */
        KEYWORD,
        NUMBER,
        /** A quoted string; text is the unescaped content. */
        STRING,
        /** A comparison operator. */
        OPERATOR,
        LPAREN, RPAREN, COMMA, END
    }

    boolean isKeyword(String word) {
        return kind == Kind.KEYWORD && text.equals(word);
    }
}
