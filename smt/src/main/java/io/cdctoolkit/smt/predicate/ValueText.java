package io.cdctoolkit.smt.predicate;

import java.math.BigDecimal;
import java.util.Base64;

/** A field value as the text a {@code field_value} predicate compares it with. */
final class ValueText {

    private ValueText() {
    }

    /**
     * The text of a non-null value: decimals without exponent ({@code 10.50}), bytes in base64, every
     * other type (numbers, booleans, ISO dates, times and instants, UUIDs) as its {@code toString}.
     */
    static String of(Object value) {
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof byte[] b) return Base64.getEncoder().encodeToString(b);
        return value.toString();
    }
}
