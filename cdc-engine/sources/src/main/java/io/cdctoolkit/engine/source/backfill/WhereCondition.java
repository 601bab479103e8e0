package io.cdctoolkit.engine.source.backfill;

/**
 * Keeps a {@code backfill --where} condition one SQL expression: it is placed in {@code WHERE (...)} of the statement that
 * reads the rows (the native PostgreSQL reader's {@code COPY (SELECT ...)}, a binlog source's blocking snapshot SELECT),
 * where a {@code ;} outside quotes, a {@code )} closing more than the condition opened, or a comment would end or change
 * that statement — and pgjdbc sends statements split at {@code ;} one after another, even from a prepared statement. The
 * server checks everything else (columns, types, that it is a boolean) when the command tries the condition on each
 * table. Hand-written because no library here parses PostgreSQL's or MySQL's expression grammar; this only follows
 * quotes, parentheses and comments, by the dialect's rules.
 */
public final class WhereCondition {

    /** Whose lexical rules: quotes, escapes and comments differ. */
    public enum Dialect {
        /** {@code '...'} ({@code E'...'} with backslash escapes), {@code "..."} identifiers; {@code --} and block comments; {@code $} quoting. */
        POSTGRESQL,
        /** {@code '...'} and {@code "..."} with backslash escapes, {@code `...`} identifiers; {@code #}, {@code -- } and block comments. */
        MYSQL
    }

    private WhereCondition() {
    }

    /** Why {@code where} is not one PostgreSQL expression, or null when it is. */
    public static String refusal(String where) {
        return refusal(where, Dialect.POSTGRESQL);
    }

    /** Why {@code where} is not one expression in {@code dialect}, or null when it is. */
    public static String refusal(String where, Dialect dialect) {
        if (where.isBlank()) return "it is empty";
        boolean mysql = dialect == Dialect.MYSQL;
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
            if (c == '\'' || c == '"' || mysql && c == '`') {
                quote = c;
                // MySQL: backslash escapes in every string (the default sql_mode). PostgreSQL: in E'...' escape strings
                // only (a preceding E not ending an identifier).
                backslashEscapes = mysql ? c != '`' : c == '\'' && (previous == 'E' || previous == 'e')
                        && (i < 2 || !isIdentifierChar(where.charAt(i - 2)));
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) return "its ')' at character " + (i + 1) + " closes more than it opened";
            } else if (c == ';') {
                return "its ';' at character " + (i + 1) + " would end the statement";
            } else if (c == '-' && next == '-' || c == '/' && next == '*' || mysql && c == '#') {
                return "a comment at character " + (i + 1) + " would hide the rest of the statement";
            } else if (!mysql && c == '$' && !isIdentifierChar(previous)) {
                return "'$' at character " + (i + 1) + " (a dollar-quoted string or a parameter): quote text as '...'";
            }
        }
        if (quote != 0) {
            return "a " + (quote == '\'' ? "quote (')" : quote == '"' ? "double quote (\")" : "backtick (`)") + " is not closed";
        }
        if (depth > 0) return depth + " '(' not closed";
        return null;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
