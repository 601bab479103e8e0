package io.cdctoolkit.smt.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits a filter expression into {@link Token}s. */
final class Lexer {

    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "in", "like", "matches", "is", "null", "true", "false");
    private static final Set<String> OPERATORS = Set.of("=", "==", "!=", "<>", "<", "<=", ">", ">=");

    private final String text;
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        Lexer lexer = new Lexer(text);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        int start = pos;
        int column = start + 1;
        if (pos >= text.length()) return new Token(Token.Kind.END, "", column);
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> { pos++; return new Token(Token.Kind.LPAREN, "(", column); }
            case ')' -> { pos++; return new Token(Token.Kind.RPAREN, ")", column); }
            case ',' -> { pos++; return new Token(Token.Kind.COMMA, ",", column); }
            case '\'', '"' -> { return quoted(c, column); }
            default -> { }
        }
        if (c == '=' || c == '!' || c == '<' || c == '>') {
            while (pos < text.length() && "=!<>".indexOf(text.charAt(pos)) >= 0) pos++;
            String op = text.substring(start, pos);
            if (!OPERATORS.contains(op)) {
                throw new FilterSyntaxException("unknown operator '" + op + "' at column " + column, column, null);
            }
            return new Token(Token.Kind.OPERATOR, op, column);
        }
        if (isDigit(c) || ((c == '-' || c == '+') && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number(column);
        }
        if (isIdentStart(c) || c == '`') {
            return identifier(column);
        }
        throw new FilterSyntaxException("unexpected character '" + c + "' at column " + column, column, null);
    }

    private Token quoted(char quote, int column) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new FilterSyntaxException("unterminated string starting at column " + column, column,
                        "closing " + quote);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                // A doubled quote is an escaped quote, as in SQL.
                if (pos < text.length() && text.charAt(pos) == quote) {
                    sb.append(quote);
                    pos++;
                } else {
                    return new Token(Token.Kind.STRING, sb.toString(), column);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Token number(int column) {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') pos++;
        digits();
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) pos++;
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                digits();
            } else {
                pos = mark;
            }
        }
        if (pos < text.length() && (isIdentPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw new FilterSyntaxException("malformed number at column " + column, column, "a number");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, pos), column);
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
    }

    /** A dotted path (text as written, segments unquoted); a back-quoted segment may hold any character but a back-quote (and is never a keyword). */
    private Token identifier(int column) {
        StringBuilder sb = new StringBuilder();
        List<String> segments = new ArrayList<>();
        boolean quotedSegment = false;
        while (true) {
            if (text.charAt(pos) == '`') {
                int close = text.indexOf('`', pos + 1);
                if (close < 0) {
                    throw new FilterSyntaxException("unterminated `name` starting at column " + (pos + 1), pos + 1,
                            "closing `");
                }
                if (close == pos + 1) {
                    throw new FilterSyntaxException("empty `` name at column " + (pos + 1), pos + 1, "a name");
                }
                sb.append(text, pos, close + 1);
                segments.add(text.substring(pos + 1, close));
                pos = close + 1;
                quotedSegment = true;
            } else if (isIdentStart(text.charAt(pos))) {
                int s = pos;
                while (pos < text.length() && isIdentPart(text.charAt(pos))) pos++;
                sb.append(text, s, pos);
                segments.add(text.substring(s, pos));
            } else {
                throw new FilterSyntaxException("expected a name at column " + (pos + 1), pos + 1, "a name");
            }
            if (pos + 1 < text.length() && text.charAt(pos) == '.'
                    && (isIdentStart(text.charAt(pos + 1)) || text.charAt(pos + 1) == '`')) {
                sb.append('.');
                pos++;
            } else {
                break;
            }
        }
        String word = sb.toString();
        String lower = word.toLowerCase(Locale.ROOT);
        if (!quotedSegment && KEYWORDS.contains(lower)) return new Token(Token.Kind.KEYWORD, lower, column);
        return new Token(Token.Kind.IDENT, word, column, List.copyOf(segments));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
