package io.cdctoolkit.smt.predicate;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * A {@code field_value} predicate's expected value, compared with a field's value as text — except
 * numbers, which compare by value: YAML reads {@code value: 10.50} as the double 10.5, and a decimal
 * column holds {@code 10.50}; both mean the same amount.
 */
final class ValueText {

    private final String text;
    private final BigDecimal number;

    private ValueText(String text) {
        this.text = text;
        this.number = parse(text);
    }

    /** The expected value {@code text} (not null). */
    static ValueText expected(String text) {
        return new ValueText(text);
    }

    /** Whether the non-null field value {@code actual} equals the expected value. */
    boolean matches(Object actual) {
        if (number != null) {
            if (actual instanceof Long || actual instanceof Integer || actual instanceof Short || actual instanceof Byte) {
                return number.compareTo(BigDecimal.valueOf(((Number) actual).longValue())) == 0;
            }
            if (actual instanceof BigDecimal d) return number.compareTo(d) == 0;
            if (actual instanceof Double d && Double.isFinite(d)) return number.compareTo(new BigDecimal(d.toString())) == 0;
            if (actual instanceof Float f && Float.isFinite(f)) return number.compareTo(new BigDecimal(f.toString())) == 0;
        }
        return text.equals(of(actual));
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

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null; // not a number: compared as text
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
