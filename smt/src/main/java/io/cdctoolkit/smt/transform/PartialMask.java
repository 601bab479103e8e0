package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.smt.FieldConversion;

/**
 * {@code strategy: partial}: keeps the first {@code keepFirst} and the last {@code keepLast} characters
 * (code points: a surrogate pair is never split) and replaces each character between them by
 * {@code *}. A value too short to hide anything that way ({@code keepFirst + keepLast >=} its length)
 * is masked entirely: a short value is never passed through in clear.
 */
record PartialMask(Field output, int keepFirst, int keepLast) implements FieldConversion {

    @Override
    public Object convert(Object value) {
        String text = (String) value;
        int length = text.codePointCount(0, text.length());
        if (keepFirst + keepLast >= length) return "*".repeat(length);
        int firstEnd = text.offsetByCodePoints(0, keepFirst);
        int lastStart = text.offsetByCodePoints(text.length(), -keepLast);
        return new StringBuilder(text.length())
                .append(text, 0, firstEnd)
                .append("*".repeat(length - keepFirst - keepLast))
                .append(text, lastStart, text.length())
                .toString();
    }
}
