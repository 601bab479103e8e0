package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.SchemaMismatchException;
import io.cdctoolkit.smt.TransformContext;
import io.cdctoolkit.smt.TransformErrors;
import io.cdctoolkit.smt.filter.CompiledFilter;
import io.cdctoolkit.smt.filter.FilterCompileException;
import io.cdctoolkit.smt.filter.FilterExpression;
import io.cdctoolkit.smt.filter.Truth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code filter}: keeps the events whose value matches the condition ({@code drop: false}) or drops
 * them ({@code drop: true}). The expression is compiled once per value schema.
 *
 * <p>Tombstones pass unchanged: they have no row to test, and dropping them by a keep-filter would
 * stop Kafka's log compaction from forgetting the deleted keys whose deletes the filter kept.
 */
final class RowFilter implements Stage {

    static final String CONDITION = "condition";

    private final TransformContext context;
    private final FilterExpression condition;
    private final boolean drop;
    private final SchemaCache<Compiled> filters = SchemaCache.create();

    RowFilter(TransformContext context, FilterExpression condition, boolean drop) {
        this.context = context;
        this.condition = condition;
        this.drop = drop;
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        if (event.value() == null) {
            out.accept(event);
            return;
        }
        Compiled compiled = filters.get(event.value().schema(), this::compile);
        if (compiled.mismatch() != null) throw TransformErrors.invalid(context, event, compiled.mismatch());
        if (compiled.filter().test(event) != drop) out.accept(event);
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        if (input.value() == null) return List.of(input);
        Compiled compiled = filters.get(input.value(), this::compile);
        if (compiled.mismatch() != null) throw TransformErrors.config(context, input, compiled.mismatch());
        // The operations whose events can pass, as far as the event names decide it (op != 'd' keeps no delete,
        // table = 'orders' nothing of another table): check's reviews of deletes, later predicates on operations and
        // topics' "dropped" see what the filter lets through.
        Set<Op> passing = EnumSet.noneOf(Op.class);
        for (Op op : input.operations()) {
            Set<Truth> outcomes = compiled.filter().outcomes(op, input.table());
            if (drop ? !outcomes.equals(EnumSet.of(Truth.TRUE)) : outcomes.contains(Truth.TRUE)) passing.add(op);
        }
        if (passing.isEmpty()) return List.of();
        return List.of(passing.equals(input.operations()) ? input : input.withOperations(passing));
    }

    private Compiled compile(RowSchema schema) {
        try {
            return new Compiled(condition.compile(schema), null);
        } catch (FilterCompileException e) {
            return new Compiled(null, new SchemaMismatchException(CONDITION, null, e.getMessage()));
        }
    }

    /** The condition compiled for one value schema, or why it does not fit it. */
    private record Compiled(CompiledFilter filter, SchemaMismatchException mismatch) {
    }
}
