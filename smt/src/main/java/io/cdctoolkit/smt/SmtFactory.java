package io.cdctoolkit.smt;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.smt.predicate.EventPredicate;
import io.cdctoolkit.smt.predicate.PredicatedStage;

import java.util.List;

/**
 * Base of the transform factories of this module: checks the options with {@link #validate} (so a
 * factory never repeats that in its own create), gives each transform its {@link TransformContext} and
 * wraps it in its predicate when the entry has one.
 */
public abstract class SmtFactory implements TransformFactory {

    /**
     * Creates the transform itself (without predicate).
     *
     * @param options validated options (against the spec and {@link #validate}), aliases resolved to
     *                canonical names
     * @param context name and key path, for errors
     */
    protected abstract Stage create(Options options, TransformContext context) throws ConfigException;

    @Override
    public final Stage create(Options options, ComponentContext context) throws ConfigException {
        List<ConfigProblem> problems = validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return create(options, new TransformContext(spec().name(), context.keyPath()));
    }

    @Override
    public final Stage create(Options options, Options predicate, ComponentContext context) throws ConfigException {
        Stage transform = create(options, context);
        return predicate == null ? transform : new PredicatedStage(transform, EventPredicate.compile(predicate));
    }
}
