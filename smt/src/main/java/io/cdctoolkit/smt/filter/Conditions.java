package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The compiled condition kinds, each with SQL three-valued logic. */
final class Conditions {

    private Conditions() {
    }

    /** A node that tests one value: a field's, which only the event holds, or an event name's, known beforehand. */
    interface Leaf extends Condition {

        ValueSource source();

        Truth test(Object value);

        @Override
        default Truth evaluate(ChangeEvent event) {
            return test(source().get(event));
        }

        @Override
        default Set<Truth> outcomes(Op op, TableId table) {
            return source() instanceof ValueSource.EventName name ? EnumSet.of(test(name.of(op, table))) : ANY;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public Truth evaluate(ChangeEvent event) {
            Truth l = left.evaluate(event);
            if (l == Truth.FALSE) return Truth.FALSE;
            Truth r = right.evaluate(event);
            if (r == Truth.FALSE) return Truth.FALSE;
            return l == Truth.TRUE && r == Truth.TRUE ? Truth.TRUE : Truth.UNKNOWN;
        }

        @Override
        public Set<Truth> outcomes(Op op, TableId table) {
            return Truth.combine(left.outcomes(op, table), right.outcomes(op, table), Truth::and);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public Truth evaluate(ChangeEvent event) {
            Truth l = left.evaluate(event);
            if (l == Truth.TRUE) return Truth.TRUE;
            Truth r = right.evaluate(event);
            if (r == Truth.TRUE) return Truth.TRUE;
            return l == Truth.FALSE && r == Truth.FALSE ? Truth.FALSE : Truth.UNKNOWN;
        }

        @Override
        public Set<Truth> outcomes(Op op, TableId table) {
            return Truth.combine(left.outcomes(op, table), right.outcomes(op, table), Truth::or);
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public Truth evaluate(ChangeEvent event) {
            return operand.evaluate(event).not();
        }

        @Override
        public Set<Truth> outcomes(Op op, TableId table) {
            EnumSet<Truth> out = EnumSet.noneOf(Truth.class);
            for (Truth t : operand.outcomes(op, table)) out.add(t.not());
            return out;
        }
    }

    record Compare(ValueSource source, FilterNode.CompareOp op, ValueComparator comparator) implements Leaf {
        @Override
        public Truth test(Object v) {
            if (v == null) return Truth.UNKNOWN;
            int c = comparator.compare(v);
            if (c == ValueComparator.INCOMPARABLE) return Truth.UNKNOWN;
            return Truth.of(op.holds(c));
        }
    }

    /** {@code in}: TRUE on any equal element; else UNKNOWN when the list holds null (SQL); else FALSE. */
    record In(ValueSource source, ValueComparator[] elements, boolean listHasNull, boolean negated)
            implements Leaf {
        @Override
        public Truth test(Object v) {
            if (v == null) return Truth.UNKNOWN;
            Truth result = listHasNull ? Truth.UNKNOWN : Truth.FALSE;
            for (ValueComparator element : elements) {
                if (element.compare(v) == 0) {
                    result = Truth.TRUE;
                    break;
                }
            }
            return negated ? result.not() : result;
        }
    }

    record Like(ValueSource source, LikePattern pattern, boolean negated) implements Leaf {
        @Override
        public Truth test(Object v) {
            if (v == null) return Truth.UNKNOWN;
            return Truth.of(pattern.matches((String) v) != negated);
        }
    }

    /**
     * {@code matches}: the whole value must match (as {@link String#matches}). One {@link Matcher} per
     * thread, reset per event, so evaluation does not allocate a matcher each time.
     */
    static final class Matches implements Leaf {
        private final ValueSource source;
        private final ThreadLocal<Matcher> matcher;
        private final boolean negated;

        Matches(ValueSource source, Pattern regex, boolean negated) {
            this.source = source;
            this.matcher = ThreadLocal.withInitial(() -> regex.matcher(""));
            this.negated = negated;
        }

        @Override
        public ValueSource source() {
            return source;
        }

        @Override
        public Truth test(Object v) {
            if (v == null) return Truth.UNKNOWN;
            return Truth.of(matcher.get().reset((String) v).matches() != negated);
        }
    }

    record IsNull(ValueSource source, boolean negated) implements Leaf {
        @Override
        public Truth test(Object v) {
            return Truth.of((v == null) != negated);
        }
    }
}
