package io.cdctoolkit.engine.source.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The elements of a PostgreSQL array value as the server wrote them, without decoding them:
 * {@link Array#getArray()} parses each element into its Java type and fails on values that type
 * cannot hold (a {@code numeric} {@code NaN} is no {@code BigDecimal}), which is what made Debezium
 * drop the whole array. pgjdbc's {@link Array#getResultSet()} hands the elements over as text.
 *
 * <p>A multi-dimensional value yields its sub-arrays as text ({@code "{1,2}"}): no element type
 * holds them, so the reader refuses them like any other non-value instead of guessing.
 */
final class ArrayElementTexts {

    /** pgjdbc's column of the element in {@link Array#getResultSet()} (1 is the index). */
    private static final int VALUE_COLUMN = 2;

    private ArrayElementTexts() {
    }

    /**
     * Whether {@code literal}, an array value as PostgreSQL writes it ({@code Array.toString()} in pgjdbc),
     * has more than one dimension: after the optional bounds ({@code [0:1][1:2]=}) it opens two braces.
     * An element of a one-dimensional array never starts with a brace unquoted (PostgreSQL quotes such
     * elements), so {@code {"{1}"}} is one-dimensional.
     */
    static boolean isMultiDimensional(String literal) {
        int start = literal.startsWith("[") ? literal.indexOf('=') + 1 : 0;
        return literal.startsWith("{{", start);
    }

    /**
     * The element texts of {@code array}, {@code null} for a NULL element.
     *
     * @throws SQLException             when pgjdbc cannot split the value
     * @throws IllegalArgumentException when the value's first index is not 1 ({@code [0:1]={1,2}})
     */
    static List<String> of(Array array) throws SQLException {
        String literal = array.toString();
        if (literal != null && literal.startsWith("[")) {
            // PostgreSQL writes bounds only when the array's first index is not 1; the elements alone would lose it.
            throw new IllegalArgumentException("'" + literal + "': " + io.cdctoolkit.engine.source.postgres.pgoutput
                    .ArrayBounds.problem(literal));
        }
        List<String> texts = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) {
            while (elements.next()) texts.add(elements.getString(VALUE_COLUMN));
        }
        return Collections.unmodifiableList(texts);
    }
}
