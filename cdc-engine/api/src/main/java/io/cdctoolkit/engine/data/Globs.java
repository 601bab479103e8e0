package io.cdctoolkit.engine.data;

import java.util.regex.Pattern;

/**
 * Glob patterns for table and column names: {@code *} any run of characters, {@code ?} one
 * character, everything else literal (so the {@code .} in {@code public.users} is a dot, not a regex
 * wildcard). Matching is case-sensitive, as identifiers are in the databases' catalogs.
 */
public final class Globs {

    private Globs() {
    }

    /** The regular expression (Debezium include/exclude-list syntax) matching exactly what {@code glob} matches. */
    public static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) regex.append(Pattern.quote(literal.toString()));
        return regex.toString();
    }

    /** The compiled pattern for {@code glob}. */
    public static Pattern compile(String glob) {
        return Pattern.compile(toRegex(glob));
    }
}
