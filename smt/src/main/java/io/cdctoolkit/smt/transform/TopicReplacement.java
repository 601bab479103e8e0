package io.cdctoolkit.smt.transform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A replacement text in {@link Matcher#appendReplacement} syntax ({@code $1}, {@code ${name}},
 * {@code \$} for a literal dollar), checked against its regex once, at config load.
 */
record TopicReplacement(String text, String constant) {

    /**
     * Checks {@code text} against {@code regex}'s groups.
     *
     * @return the replacement; {@link #constant()} is its literal value when it refers to no group
     * @throws IllegalArgumentException when it refers to a group the regex does not have or ends in a
     *                                  lone {@code $} or {@code \} (Java's own message)
     */
    static TopicReplacement check(Pattern regex, String text) {
        probe(regex, text);
        return new TopicReplacement(text, literal(text));
    }

    /**
     * Java checks group references only while replacing a match, so the check replaces on a match made
     * on purpose: the regex made optional, which matches the empty string with the same groups.
     */
    private static void probe(Pattern regex, String text) {
        Matcher m;
        try {
            m = Pattern.compile("(?:" + regex.pattern() + ")?", regex.flags()).matcher("");
        } catch (PatternSyntaxException e) {
            return; // a regex that cannot be wrapped (an unclosed \Q): the first routed event reports it
        }
        if (!m.matches()) return;
        try {
            m.appendReplacement(new StringBuilder(), text);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e.getMessage() + " in the regex", e);
        }
    }

    /** The text with its escapes resolved, or null when it refers to a group. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$') return null;
            if (c == '\\' && i + 1 < text.length()) c = text.charAt(++i);
            out.append(c);
        }
        return out.toString();
    }

    /** The replacement for the match {@code m} has just found (only the replacement, not the text around it). */
    String expand(Matcher m) {
        if (constant != null) return constant;
        StringBuilder out = new StringBuilder();
        m.appendReplacement(out, text);
        return out.substring(m.start());
    }
}
