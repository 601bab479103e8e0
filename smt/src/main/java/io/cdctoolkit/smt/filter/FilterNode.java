package io.cdctoolkit.smt.filter;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The immutable syntax tree of a parsed filter expression. Every node keeps the column where it starts. */
public sealed interface FilterNode {

    /** 1-based column where the node starts in the expression text. */
    int column();

    /** {@code left or right}. */
    record Or(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public int column() {
            return left.column();
        }
    }

    /** {@code left and right}. */
    record And(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public int column() {
            return left.column();
        }
    }

    /** {@code not operand}. */
    record Not(FilterNode operand, int column) implements FilterNode {
    }

    /** {@code path <op> literal}. */
    record Comparison(Path path, CompareOp op, Literal literal) implements FilterNode {
        @Override
        public int column() {
            return path.column();
        }
    }

    /** {@code path [not] in (literal, …)}. */
    record In(Path path, List<Literal> values, boolean negated) implements FilterNode {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public int column() {
            return path.column();
        }
    }

    /** {@code path [not] like 'pattern'} (SQL {@code %} and {@code _}, backslash escapes). */
    record Like(Path path, Literal.Text pattern, boolean negated) implements FilterNode {
        @Override
        public int column() {
            return path.column();
        }
    }

    /** {@code path [not] matches 'regex'}; the regex is compiled once, at parse time. */
    record Matches(Path path, Pattern regex, int regexColumn, boolean negated) implements FilterNode {
        public Matches {
            Objects.requireNonNull(regex, "regex");
        }

        @Override
        public int column() {
            return path.column();
        }
    }

    /** {@code path is [not] null}. */
    record IsNull(Path path, boolean negated) implements FilterNode {
        @Override
        public int column() {
            return path.column();
        }
    }

    /**
     * A field path ({@code a.b} into nested rows) or one of the event names {@code op}, {@code table},
     * {@code schema}, {@code database}.
     *
     * @param segments the path's names, unquoted
     * @param text     the path as written
     * @param column   where it starts
     */
    record Path(List<String> segments, String text, int column) {
        public Path {
            segments = List.copyOf(segments);
        }
    }

    /** A comparison operator. */
    enum CompareOp {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        /** The canonical spelling. */
        public String symbol() {
            return symbol;
        }

        /** True for {@code < <= > >=}. */
        public boolean isOrdering() {
            return this != EQ && this != NE;
        }

        /** Whether the operator holds for a comparison result (sign of value − literal). */
        boolean holds(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }

        static CompareOp of(String symbol) {
            return switch (symbol) {
                case "=", "==" -> EQ;
                case "!=", "<>" -> NE;
                case "<" -> LT;
                case "<=" -> LE;
                case ">" -> GT;
                case ">=" -> GE;
                default -> throw new IllegalArgumentException("not an operator: " + symbol);
            };
        }
    }
}
