package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.smt.FieldConversion;

/**
 * {@code strategy: asterisks}: a string becomes {@code *} once per character (code point, so an emoji
 * is one), at most 20 times, so the mask does not reveal the length of long values.
 */
record AsteriskMask(Field output) implements FieldConversion {

    static final int MAX_ASTERISKS = 20;
    private static final String ASTERISKS = "*".repeat(MAX_ASTERISKS);

    @Override
    public Object convert(Object value) {
        String text = (String) value;
        return ASTERISKS.substring(0, Math.min(text.codePointCount(0, text.length()), MAX_ASTERISKS));
    }
}
