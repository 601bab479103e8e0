package io.cdctoolkit.smt.filter;

import java.math.BigDecimal;
import java.util.Objects;

/** A literal on the right of a comparison, as written; converted to the field's type when compiled. */
public sealed interface Literal {

    /** 1-based column of the literal. */
    int column();

    /** A number, kept exact. */
    record Number(BigDecimal value, int column) implements Literal {
        public Number {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A string: quoted ({@code 'x'}, {@code "x"}) or a bare word ({@code status = active}).
     *
     * @param bare true when written without quotes
     */
    record Text(String value, boolean bare, int column) implements Literal {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value, int column) implements Literal {
    }

    /** {@code null}. */
    record Null(int column) implements Literal {
    }
}
