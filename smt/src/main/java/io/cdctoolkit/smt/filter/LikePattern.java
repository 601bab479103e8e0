package io.cdctoolkit.smt.filter;

/**
 * A SQL {@code LIKE} pattern: {@code %} any run of characters, {@code _} exactly one character
 * (code point), {@code \} escapes the next character. Matched by hand with the classic two-pointer
 * wildcard algorithm because translating to a regex would need a {@code Matcher} per event.
 */
final class LikePattern {

    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    private final int[] pattern;

    private LikePattern(int[] pattern) {
        this.pattern = pattern;
    }

    /** Compiles a pattern; a trailing lone backslash is an error ({@code column} locates the pattern). */
    static LikePattern compile(String text, int column) {
        int[] out = new int[text.codePointCount(0, text.length())];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                if (i >= text.length()) {
                    throw new FilterCompileException("like pattern ends with an escape '\\'", column);
                }
                cp = text.codePointAt(i);
                i += Character.charCount(cp);
                out[n++] = cp;
            } else {
                out[n++] = cp == '%' ? ANY_RUN : cp == '_' ? ANY_ONE : cp;
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(out, n));
    }

    boolean matches(String s) {
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = -1;
        int len = s.length();
        while (si < len) {
            int cp = s.codePointAt(si);
            if (pi < pattern.length && (pattern[pi] == ANY_ONE || pattern[pi] == cp)) {
                si += Character.charCount(cp);
                pi++;
            } else if (pi < pattern.length && pattern[pi] == ANY_RUN) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                // Let the last % swallow one more character and retry from there.
                pi = starP + 1;
                starS += Character.charCount(s.codePointAt(starS));
                si = starS;
            } else {
                return false;
            }
        }
        while (pi < pattern.length && pattern[pi] == ANY_RUN) pi++;
        return pi == pattern.length;
    }
}
