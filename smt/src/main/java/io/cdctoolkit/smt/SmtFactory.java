package io.cdctoolkit.smt;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.smt.predicate.EventPredicate;
import io.cdctoolkit.smt.predicate.PredicatedStage;

/**
 * Base of the transform factories of this module: gives each transform its {@link TransformContext}
 * and wraps it in its predicate when the entry has one.
 */
public abstract class SmtFactory implements TransformFactory {

    /**
     * Creates the transform itself (without predicate).
     *
     * @param options validated options, aliases resolved to canonical names
     * @param context name and key path, for errors
     */
    protected abstract Stage create(Options options, TransformContext context) throws ConfigException;

    @Override
    public final Stage create(Options options, ComponentContext context) throws ConfigException {
        return create(options, new TransformContext(spec().name(), context.keyPath()));
    }

    @Override
    public final Stage create(Options options, Options predicate, ComponentContext context) throws ConfigException {
        Stage transform = create(options, context);
        return predicate == null ? transform : new PredicatedStage(transform, EventPredicate.compile(predicate));
    }
}
