package io.cdctoolkit.engine.spi;

/**
 * Checks a sink's target without writing anything: the {@code check} CLI command. A
 * {@link SinkFactory} implements it when its sink talks to a system that can be down or refuse it.
 */
public interface SinkInspector {

    /**
     * Checks that the target answers and accepts this client, each item with the fix for a failure.
     *
     * @param options the same validated options the factory's {@code create} takes
     * @throws ConnectivityException when the target cannot be reached
     */
    PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException;

    /**
     * Like {@link #check(Options, ComponentContext)}, also checking the destinations the config writes
     * to (e.g. that topics exist where the sink will not create them). By default, the plain check.
     *
     * @param destinations the topics (or other destination names) the sink's pipelines write to,
     *                     dead-letter topics included, as far as the config tells them
     */
    default PrerequisiteReport check(Options options, ComponentContext context, java.util.Set<String> destinations)
            throws ConnectivityException {
        return check(options, context);
    }

    /**
     * Like {@link #check(Options, ComponentContext, java.util.Set)}, also judging the destinations by the records
     * they take: a topic that refuses or thins out records without a key, a dead-letter topic that would keep only
     * some dead letters. By default, the check of the topics alone.
     */
    default PrerequisiteReport check(Options options, ComponentContext context, SinkDestinations destinations)
            throws ConnectivityException {
        return check(options, context, destinations.topics());
    }
}
