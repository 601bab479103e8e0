package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

import java.util.List;
import java.util.function.Predicate;

/**
 * Looks at a source database without reading changes: the {@code check} and {@code discover} CLI
 * commands. A {@link SourceFactory} implements it when its source can be inspected; options are the
 * same validated options the factory's {@code create} takes.
 */
public interface SourceInspector {

    /**
     * Checks what capturing changes needs (server settings, privileges, publications, per-table
     * settings), each item with the fix for a failure.
     *
     * @throws ConnectivityException when the database cannot be reached or refuses the login
     */
    PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException;

    /**
     * The tables the source can capture with their columns and primary keys, filtered by the
     * source's table include/exclude options.
     *
     * @throws ConnectivityException when the database cannot be reached or refuses the login
     */
    List<DiscoveredTable> discover(Options options, ComponentContext context) throws ConnectivityException;

    /**
     * Whether the source captures each column of {@code table} (e.g. a {@code column_filters} option leaves some
     * out); {@link #discover} lists every column. All by default.
     *
     * @throws ConfigException when the options that select the columns cannot be used
     */
    default Predicate<String> capturedColumns(Options options, TableId table) throws ConfigException {
        return column -> true;
    }
}
