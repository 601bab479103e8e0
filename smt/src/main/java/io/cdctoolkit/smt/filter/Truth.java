package io.cdctoolkit.smt.filter;

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
}
