package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.util.Set;

/**
 * A filter expression compiled for one value schema. Thread-safe and immutable; {@link #test}
 * allocates nothing per event (paths are indexes, literals were converted at compile time).
 */
public final class CompiledFilter {

    private final String text;
    private final RowSchema schema;
    private final Condition condition;

    CompiledFilter(String text, RowSchema schema, Condition condition) {
        this.text = text;
        this.schema = schema;
        this.condition = condition;
    }

    /**
     * True when the expression is TRUE for the event. UNKNOWN (a comparison met a null) counts as not
     * matching, as in a SQL {@code WHERE}.
     *
     * @throws IllegalArgumentException when the event's value has another schema than the one compiled for
     */
    public boolean test(ChangeEvent event) {
        return evaluate(event) == Truth.TRUE;
    }

    /** The expression's three-valued result for the event. */
    public Truth evaluate(ChangeEvent event) {
        if (event.value() != null && event.value().schema() != schema && !event.value().schema().equals(schema)) {
            throw new IllegalArgumentException("filter compiled for schema '" + schema.name()
                    + "' was given an event of schema '" + event.value().schema().name() + "'");
        }
        return condition.evaluate(event);
    }

    /**
     * The results the expression can have for events of {@code op} on {@code table} (of this filter's schema), from
     * the event names alone: {@code op != 'd'} is FALSE for every delete, {@code amount > 10} may be anything.
     */
    public Set<Truth> outcomes(Op op, TableId table) {
        return Set.copyOf(condition.outcomes(op, table));
    }

    /** The value schema this filter was compiled for. */
    public RowSchema schema() {
        return schema;
    }

    @Override
    public String toString() {
        return text;
    }
}
