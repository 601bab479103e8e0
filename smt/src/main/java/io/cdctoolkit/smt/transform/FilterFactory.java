package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;
import io.cdctoolkit.smt.filter.FilterExpression;
import io.cdctoolkit.smt.filter.FilterSyntaxException;

import java.util.List;

/**
 * {@code filter}: keeps or drops events by a condition in the filter expression language
 * ({@code status = 'active' and amount >= 100}). No Kafka alias: Kafka's {@code Filter} drops every
 * record its predicate matches and has no condition of its own.
 */
public final class FilterFactory extends SmtFactory {

    static final String NAME = "filter";

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, NAME,
            "Keeps (or, with drop: true, drops) the events whose row matches a condition, e.g. "
                    + "status = 'active' and amount >= 100. Tombstones pass unchanged.",
            List.of(OptionSpec.string(RowFilter.CONDITION).required().notBlank()
                            .doc("The condition (filter expression language, see docs/transforms.md)").build(),
                    OptionSpec.bool("drop").defaultValue(false)
                            .doc("false: keep the matching events and drop the others; true: drop the matching events")
                            .build()));

    /** For the {@link java.util.ServiceLoader}. */
    public FilterFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    /** Syntax errors are found at load, by every command, with the column. */
    @Override
    public List<ConfigProblem> validate(Options options) {
        try {
            FilterExpression.parse(options.string(RowFilter.CONDITION));
            return List.of();
        } catch (FilterSyntaxException e) {
            return List.of(problem(options, e));
        }
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        FilterExpression condition;
        try {
            condition = FilterExpression.parse(options.string(RowFilter.CONDITION));
        } catch (FilterSyntaxException e) {
            throw new ConfigException(List.of(problem(options, e)));
        }
        return new RowFilter(context, condition, options.bool("drop"));
    }

    private static ConfigProblem problem(Options options, FilterSyntaxException e) {
        return new ConfigProblem(options.keyPath() + "." + RowFilter.CONDITION, e.getMessage(), null);
    }
}
