package io.cdctoolkit.engine.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Acronym-aware word splitting for snake_case / kebab-case. Hand-written because the spec fixes the
 * exact rules (commons-text's CaseUtils does not split acronyms this way): a word ends
 * <ul>
 *   <li>at a space, {@code -} or {@code _} (separators are dropped, empty words skipped);</li>
 *   <li>before an upper-case letter that follows a lower-case letter ({@code userID} → user|ID);</li>
 *   <li>before an upper-case letter that follows a digit which itself follows a letter in the same
 *       word — digits stay attached to the word they follow ({@code Table2Name} → Table2|Name), while
 *       leading digits join the word after them ({@code 2FA} → 2FA);</li>
 *   <li>before the last capital of an acronym when a lower-case letter follows it
 *       ({@code HTTPRequest} → HTTP|Request).</li>
 * </ul>
 * Other characters ({@code @}, {@code .}, accents without case…) stay inside their word and are
 * dealt with by character replacement later.
 */
final class Words {

    private Words() {
    }

    /**
     * The words of {@code value} lower-cased and joined with {@code separator}; the value unchanged
     * when it has no word at all (only separators), so the result is never empty.
     */
    static String join(String value, char separator) {
        List<String> words = split(value);
        if (words.isEmpty()) return value;
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (String word : words) {
            if (out.length() > 0) out.append(separator);
            out.append(word.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** The words of {@code value} in their original case, per the rules in the class comment. */
    static List<String> split(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean wordHasLetter = false;
        int previous = -1; // previous code point within the current word, -1 at a word start
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == ' ' || cp == '-' || cp == '_') {
                flush(word, words);
                wordHasLetter = false;
                previous = -1;
            } else {
                if (Character.isUpperCase(cp) && previous != -1 && startsWord(previous, wordHasLetter, value, next)) {
                    flush(word, words);
                    wordHasLetter = false;
                }
                word.appendCodePoint(cp);
                wordHasLetter |= Character.isLetter(cp);
                previous = cp;
            }
            i = next;
        }
        flush(word, words);
        return words;
    }

    /** Whether an upper-case letter (whose successor starts at {@code nextIndex}) begins a new word. */
    private static boolean startsWord(int previous, boolean wordHasLetter, String value, int nextIndex) {
        if (Character.isLowerCase(previous)) return true;
        if (Character.isDigit(previous)) return wordHasLetter;
        if (Character.isUpperCase(previous) && nextIndex < value.length()) {
            return Character.isLowerCase(value.codePointAt(nextIndex));
        }
        return false;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
