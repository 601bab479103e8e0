package io.cdctoolkit.smt.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Compares a non-null field value with one literal that was converted to the field's type at compile
 * time. Returns the sign of (value − literal), or {@link #INCOMPARABLE} (NaN).
 */
interface ValueComparator {

    int INCOMPARABLE = Integer.MIN_VALUE;

    int compare(Object value);

    /**
     * Integer fields (int8…int64) against any exact number: the literal becomes a long floor plus
     * "was it whole", so {@code id > 1.5} is exact without BigDecimal per event.
     */
    static ValueComparator integral(BigDecimal literal) {
        if (literal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return v -> -1;
        if (literal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) return v -> 1;
        long floor = literal.setScale(0, RoundingMode.FLOOR).longValueExact();
        boolean whole = literal.compareTo(BigDecimal.valueOf(floor)) == 0;
        return v -> {
            long x = ((Number) v).longValue();
            if (x < floor) return -1;
            if (x > floor) return 1;
            return whole ? 0 : -1;
        };
    }

    /** Decimal fields: exact {@link BigDecimal#compareTo}. */
    static ValueComparator decimal(BigDecimal literal) {
        return v -> ((BigDecimal) v).compareTo(literal);
    }

    /**
     * float32/float64 fields: the literal is converted once to the field's own type, as SQL casts a
     * literal to the column's type, so {@code price = 0.1} matches the double written as 0.1 (an exact
     * decimal comparison never would). NaN compares as unknown.
     */
    static ValueComparator floating(double literal) {
        return v -> {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x)) return INCOMPARABLE;
            return x < literal ? -1 : x > literal ? 1 : 0;
        };
    }

    /** Strings, dates, times, instants: the type's natural order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ValueComparator natural(Comparable<?> literal) {
        return v -> Integer.signum(((Comparable) v).compareTo(literal));
    }

    /** Booleans and UUIDs: equality only (0 equal, 1 different). */
    static ValueComparator equality(Object literal) {
        return v -> literal.equals(v) ? 0 : 1;
    }
}
