package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * Why an array value whose first index is not 1 ({@code '[0:1]={1,2}'}, or {@code {1,2}} after {@code a[0] := 0}) is
 * unreadable in both engines: the field's array type holds the elements only, and PostgreSQL counts the index as part
 * of the value ({@code '[0:1]={1,2}'::int[] <> '{1,2}'::int[]}, and {@code a[1]} differs), so delivering the elements
 * alone would change it silently.
 */
public final class ArrayBounds {

    private ArrayBounds() {
    }

    /** The reason for a value PostgreSQL wrote with explicit bounds ({@code [0:1]={1,2}}). */
    public static String problem(String literal) {
        int colon = literal.indexOf(':');
        String first = colon > 1 ? literal.substring(1, colon) : "?";
        return reason(first);
    }

    /** The reason for a value whose first index is {@code lowerBound}. */
    static String problem(int lowerBound) {
        return reason(Integer.toString(lowerBound));
    }

    private static String reason(String first) {
        return "an array whose first index is " + first + ", not 1, which the field's array type cannot hold (it"
                + " carries the elements alone)";
    }
}
