package io.cdctoolkit.engine.source.postgres;

/**
 * Keeps a {@code backfill --where} condition one SQL expression: it is placed in {@code WHERE (...)} of the backfill's
 * {@code COPY (SELECT ...)}, where a {@code ;} outside quotes, a {@code )} closing more than the condition opened, or a
 * comment would end or change that statement — and pgjdbc sends statements split at {@code ;} one after another, even
 * from a prepared statement. PostgreSQL checks everything else (columns, types, that it is a boolean) when the command
 * tries the condition on each table. Hand-written because no library here parses PostgreSQL's expression grammar; this
 * only follows quotes and parentheses.
 */
final class WhereCondition {

    private WhereCondition() {
    }

    /** Why {@code where} is not one expression, or null when it is. */
    static String refusal(String where) {
        if (where.isBlank()) return "it is empty";
        int depth = 0;
        char quote = 0;
        boolean backslashEscapes = false;
        for (int i = 0; i < where.length(); i++) {
            char c = where.charAt(i);
            if (quote != 0) {
                if (backslashEscapes && c == '\\') {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < where.length() && where.charAt(i + 1) == quote) {
                        i++; // a doubled quote stands for itself
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            char next = i + 1 < where.length() ? where.charAt(i + 1) : 0;
            char previous = i > 0 ? where.charAt(i - 1) : 0;
            if (c == '\'' || c == '"') {
                quote = c;
                // E'...' escape strings take backslash escapes (a preceding E not ending an identifier)
                backslashEscapes = c == '\'' && (previous == 'E' || previous == 'e')
                        && (i < 2 || !isIdentifierChar(where.charAt(i - 2)));
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) return "its ')' at character " + (i + 1) + " closes more than it opened";
            } else if (c == ';') {
                return "its ';' at character " + (i + 1) + " would end the statement";
            } else if (c == '-' && next == '-' || c == '/' && next == '*') {
                return "a comment at character " + (i + 1) + " would hide the rest of the statement";
            } else if (c == '$' && !isIdentifierChar(previous)) {
                return "'$' at character " + (i + 1) + " (a dollar-quoted string or a parameter): quote text as '...'";
            }
        }
        if (quote != 0) return "a " + (quote == '\'' ? "quote (')" : "double quote (\")") + " is not closed";
        if (depth > 0) return depth + " '(' not closed";
        return null;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
