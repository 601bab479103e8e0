package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

import java.util.List;

/**
 * Tells, without capturing or registering anything, the key and value schemas a source's reader
 * gives a table's change events: the {@code schema derive} and {@code topics --schemas} CLI
 * commands. A {@link SourceFactory} implements it when it can; the schemas must be exactly (by
 * {@link io.cdctoolkit.engine.data.RowSchema#equals}) those the running reader emits for the table
 * in its current definition, so that what the commands print is what a pipeline registers.
 */
public interface TableSchemaInspector {

    /**
     * The schemas of {@code table}'s change events. Options are the same validated options the
     * factory's {@code create} takes.
     *
     * @throws ConfigException       when the source does not capture {@code table} (names the tables it does)
     * @throws ConnectivityException when the database cannot be reached or refuses the login
     */
    TableSchemas tableSchemas(Options options, ComponentContext context, TableId table)
            throws ConfigException, ConnectivityException;

    /**
     * Reads the schemas of several of the source's tables, as {@link #tableSchemas} gives each: {@code check} and
     * {@code topics} read every captured table's. By default each table is read on its own; a source that can share
     * the work (one connection, one look at which tables it captures, one run for all of {@code tables}) overrides it.
     * Options are the same validated options the factory's {@code create} takes.
     *
     * @param tables the tables the caller is going to ask for, so that a source may read them all at once; asking
     *               for another is allowed
     * @throws ConfigException when the options cannot be used
     */
    default SchemaReading schemaReading(Options options, ComponentContext context, List<TableId> tables)
            throws ConfigException {
        return new SchemaReading() {
            @Override
            public TableSchemas tableSchemas(TableId table) throws ConfigException, ConnectivityException {
                return TableSchemaInspector.this.tableSchemas(options, context, table);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Reads tables' schemas for one source, sharing what it can between them; closed after the last table. */
    interface SchemaReading extends AutoCloseable {

        /** As {@link TableSchemaInspector#tableSchemas}, for this reading's source and options. */
        TableSchemas tableSchemas(TableId table) throws ConfigException, ConnectivityException;

        @Override
        void close();
    }

    /**
     * The tables the source captures when its options alone determine them (a generator), so the
     * commands can show them without connecting; empty (the default) when only the database knows,
     * and callers list {@code include_tables} or discover instead.
     *
     * @throws ConfigException when the options cannot be used
     */
    default List<TableId> fixedTables(Options options) throws ConfigException {
        return List.of();
    }

    /**
     * The shapes of the source's events that are no table's changes (PostgreSQL's logical decoding messages and
     * transaction BEGIN/END events), as its options turn them on, each with the table identity, topic and
     * operation those events carry; none by default. The transforms see these events too, so {@code check}
     * compiles them against these shapes as {@code run} does on the first such event.
     *
     * @throws ConfigException when the options cannot be used
     */
    default List<EventShape> nonTableEventShapes(Options options) throws ConfigException {
        return List.of();
    }
}
