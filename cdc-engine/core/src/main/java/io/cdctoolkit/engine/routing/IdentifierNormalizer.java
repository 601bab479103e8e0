package io.cdctoolkit.engine.routing;

import java.util.List;

/**
 * Normalizes one placeholder value (database, schema or table name) by the spec's rules, in order:
 * <ol>
 *   <li>empty or missing → {@value #UNKNOWN} (no further steps);</li>
 *   <li>strip prefixes, then suffixes (case-insensitive, each entry tried once in list order, never
 *       to empty);</li>
 *   <li>case conversion;</li>
 *   <li>every character outside {@code [A-Za-z0-9_-]} ({@code [A-Za-z0-9_]} in avro mode) becomes the
 *       replacement character, or {@code _uXXXX} with unicode escape — one per UTF-16 unit;</li>
 *   <li>avro mode: {@code -} becomes {@code _}, a leading digit gets a {@code _} prefix;</li>
 *   <li>runs of replacement characters are not collapsed.</li>
 * </ol>
 * Immutable and thread-safe.
 */
record IdentifierNormalizer(List<String> stripPrefixes, List<String> stripSuffixes, CaseConversion caseConversion,
                            boolean avroCompatible, char replacement, boolean unicodeEscape) {

    /** What a missing or empty value becomes. */
    static final String UNKNOWN = "_unknown_";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    IdentifierNormalizer {
        stripPrefixes = List.copyOf(stripPrefixes);
        stripSuffixes = List.copyOf(stripSuffixes);
        if (replacement != '_' && replacement != '-') {
            throw new IllegalArgumentException("replacement must be '_' or '-', not '" + replacement + "'");
        }
    }

    /** The normalized form of {@code value}: non-empty, only {@code [A-Za-z0-9_-]}, never containing '.'. */
    String normalize(String value) {
        if (value == null || value.isEmpty()) return UNKNOWN;
        String v = stripSuffixes(stripPrefixes(value));
        v = caseConversion.apply(v);
        v = replaceInvalid(v);
        return avroCompatible ? avroAdjust(v) : v;
    }

    private String stripPrefixes(String value) {
        String v = value;
        for (String prefix : stripPrefixes) {
            // A strip that would leave nothing is skipped: an empty name would say nothing about the table.
            if (!prefix.isEmpty() && v.length() > prefix.length() && v.regionMatches(true, 0, prefix, 0, prefix.length())) {
                v = v.substring(prefix.length());
            }
        }
        return v;
    }

    private String stripSuffixes(String value) {
        String v = value;
        for (String suffix : stripSuffixes) {
            int start = v.length() - suffix.length();
            if (!suffix.isEmpty() && start > 0 && v.regionMatches(true, start, suffix, 0, suffix.length())) {
                v = v.substring(0, start);
            }
        }
        return v;
    }

    private String replaceInvalid(String value) {
        int firstInvalid = 0;
        while (firstInvalid < value.length() && isValid(value.charAt(firstInvalid))) firstInvalid++;
        if (firstInvalid == value.length()) return value; // the common case: nothing to replace
        StringBuilder out = new StringBuilder(value.length() + 8).append(value, 0, firstInvalid);
        for (int i = firstInvalid; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isValid(c)) {
                out.append(c);
            } else if (unicodeEscape) {
                out.append('_').append('u')
                        .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                out.append(replacement);
            }
        }
        return out.toString();
    }

    private boolean isValid(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (c == '-' && !avroCompatible);
    }

    private static String avroAdjust(String value) {
        String v = value.replace('-', '_');
        char first = v.charAt(0);
        return first >= '0' && first <= '9' ? "_" + v : v;
    }
}
