package io.cdctoolkit.engine.spi;

import java.util.List;

/**
 * Creates one kind of component by name. Implementations are listed in
 * {@code META-INF/services/<sub-interface>} and found with {@link java.util.ServiceLoader}.
 *
 * @param <T> what it creates
 */
public interface ComponentFactory<T> {

    /** Name, docs and options: drives validation, {@code spec}, {@code init} and the JSON Schema. */
    ComponentSpec spec();

    /**
     * Creates the component from options already validated against {@link #spec()}.
     *
     * @throws ConfigException when options are valid one by one but not together
     */
    T create(Options options, ComponentContext context) throws ConfigException;

    /**
     * Problems of options that are valid one by one but not together (e.g. a setting that needs an
     * explicit opt-in), found while the config is loaded so that they are reported with file, line and
     * key path by every command, {@code check} included. Must not connect anywhere. By default none.
     *
     * @param options options already validated against {@link #spec()}
     */
    default List<ConfigProblem> validate(Options options) {
        return List.of();
    }
}
