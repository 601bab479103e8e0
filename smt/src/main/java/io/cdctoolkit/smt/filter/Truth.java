package io.cdctoolkit.smt.filter;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * SQL's three truth values. A comparison with a null value is {@link #UNKNOWN}; {@code not UNKNOWN} is
 * UNKNOWN; {@code FALSE and UNKNOWN} is FALSE; {@code TRUE or UNKNOWN} is TRUE. An event matches only
 * when the whole expression is TRUE.
 */
public enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }

    Truth and(Truth other) {
        if (this == FALSE || other == FALSE) return FALSE;
        return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
    }

    Truth or(Truth other) {
        if (this == TRUE || other == TRUE) return TRUE;
        return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
    }

    /** Every result of {@code a} combined with {@code b} by {@code how}, for each pair of possible values. */
    static Set<Truth> combine(Set<Truth> a, Set<Truth> b, BinaryOperator<Truth> how) {
        EnumSet<Truth> out = EnumSet.noneOf(Truth.class);
        for (Truth x : a) {
            for (Truth y : b) out.add(how.apply(x, y));
        }
        return out;
    }
}
