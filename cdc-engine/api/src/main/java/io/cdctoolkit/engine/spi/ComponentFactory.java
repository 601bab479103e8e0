package io.cdctoolkit.engine.spi;


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
}
