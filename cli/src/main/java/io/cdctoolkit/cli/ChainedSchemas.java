package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ChainShapes;
import io.cdctoolkit.engine.config.ConfiguredFeature;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.config.TransformChain;
import io.cdctoolkit.engine.config.TransformDefinition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.SourceInspector;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source's tables as {@code check}, {@code topics} and {@code schema derive} show them without
 * running: the schemas its reader gives them ({@link TableSchemaInspector}) and what its transform chain
 * (the source's transforms, then its pipeline's) makes of them, with the stages {@code run} would create.
 */
final class ChainedSchemas {

    /** The fix for a transform that does not fit the events that are no table's changes. */
    private static final String NON_TABLE_EVENTS_FIX = "keep the transform off the events that are no table's changes"
            + " with predicate: { operations: [c, r, u, d] }, or fix the option";

    private final ComponentCatalog catalog;
    private final ToolkitConfig config;

    ChainedSchemas(ComponentCatalog catalog, ToolkitConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** The transforms the source's events go through, in run order. */
    List<TransformDefinition> transforms(SourceDefinition source) {
        return TransformChain.definitions(config, source);
    }

    /** The source's connector when it can tell its tables' schemas without capturing. */
    Optional<TableSchemaInspector> inspector(SourceDefinition source) {
        return catalog.source(source.connector()).filter(TableSchemaInspector.class::isInstance)
                .map(TableSchemaInspector.class::cast);
    }

    /**
     * The tables to compile the transforms against: those the options alone determine (datagen), else
     * those {@code include_tables} names exactly, else, when {@code mayConnect}, every table the live
     * source captures.
     *
     * @throws ConnectivityException when discovery cannot reach the source
     */
    List<TableId> tables(SourceDefinition source, boolean mayConnect) throws ConfigException, ConnectivityException {
        SourceFactory factory = factory(source);
        Options options = options(source, factory);
        if (factory instanceof TableSchemaInspector inspector) {
            List<TableId> fixed = inspector.fixedTables(options);
            if (!fixed.isEmpty()) return fixed;
        }
        if (factory instanceof TopicRoutedSource routed) {
            List<TableId> configured = routed.configuredTables(options);
            if (!configured.isEmpty() || !mayConnect) return configured;
        }
        if (mayConnect && factory instanceof SourceInspector discovering) {
            return discovering.discover(options, context(source)).stream().map(DiscoveredTable::id).toList();
        }
        return List.of();
    }

    /**
     * The schemas the source's reader gives {@code table}'s events (connects to a database source; reads
     * no rows).
     *
     * @throws ConfigException       when the source does not capture the table or its options are invalid
     * @throws ConnectivityException when the source cannot be reached
     * @throws UsageProblem          when the connector cannot tell table schemas
     */
    TableSchemas readerSchemas(SourceDefinition source, TableId table)
            throws ConfigException, ConnectivityException, UsageProblem {
        try (TableSchemaInspector.SchemaReading reading = schemaReading(source, List.of(table))) {
            return reading.tableSchemas(table);
        }
    }

    /**
     * Reads the schemas of many of the source's tables, as {@link #readerSchemas} does each, sharing what the source
     * can between them (one connection, one run); close it after the last.
     *
     * @param tables the tables that are going to be asked for
     * @throws ConfigException when the source's options cannot be used
     * @throws UsageProblem    when the connector cannot tell table schemas
     */
    TableSchemaInspector.SchemaReading schemaReading(SourceDefinition source, List<TableId> tables)
            throws ConfigException, UsageProblem {
        SourceFactory factory = factory(source);
        if (!(factory instanceof TableSchemaInspector inspector)) {
            throw new UsageProblem("source '" + source.name() + "' (" + source.connector()
                    + ") cannot tell its tables' schemas without capturing");
        }
        return inspector.schemaReading(options(source, factory), context(source), tables);
    }

    /**
     * The source's events that are no table's changes ({@link TableSchemaInspector#nonTableEventShapes}: transaction
     * BEGIN/END, logical decoding messages) after its transform chain, one result per kind; none when its connector
     * cannot tell schemas without capturing. The transforms see those events too, and one that does not fit them stops
     * {@code run} at the first of them: its problem gets the fix that keeps it off them.
     *
     * @throws ConfigException when the source's options cannot be used or a transform cannot be created
     */
    List<ChainShapes> nonTableEventsAfterTransforms(SourceDefinition source) throws ConfigException {
        SourceFactory factory = factory(source);
        if (!(factory instanceof TableSchemaInspector inspector)) return List.of();
        List<ChainShapes> out = new ArrayList<>();
        for (EventShape events : inspector.nonTableEventShapes(options(source, factory))) {
            ChainShapes shapes = afterTransforms(source, events);
            out.add(new ChainShapes(shapes.input(), shapes.outputs(), shapes.problems().stream()
                    .map(p -> new ConfigProblem(p.keyPath(), p.message(), NON_TABLE_EVENTS_FIX)).toList(),
                    shapes.acting(), shapes.idle()));
        }
        return out;
    }

    /**
     * {@code schemas} after the source's transform chain, created as {@code run} creates it and closed
     * again.
     *
     * @throws ConfigException when a transform cannot be created from its options
     */
    ChainShapes afterTransforms(SourceDefinition source, TableSchemas schemas) throws ConfigException {
        try (TransformChain chain = createChain(source)) {
            return chain.shapes(schemas);
        }
    }

    private ChainShapes afterTransforms(SourceDefinition source, EventShape shape) throws ConfigException {
        try (TransformChain chain = createChain(source)) {
            return chain.shapes(shape);
        }
    }

    /**
     * {@code shapes} (after the transforms) as the source's {@code cdc_features} stages leave them, in run order:
     * encryption makes the fields it selects strings. Known from the options: no key is loaded, nothing created.
     *
     * @throws ConfigException when a feature block is invalid
     */
    List<EventShape> afterFeatures(SourceDefinition source, List<EventShape> shapes) throws ConfigException {
        List<EventShape> current = shapes;
        for (ConfiguredFeature feature : ConfiguredFeature.of(catalog, source)) {
            List<EventShape> next = new ArrayList<>();
            for (EventShape shape : current) next.addAll(feature.factory().outputShapes(feature.options(), shape));
            current = next;
        }
        return current;
    }

    /** Creates the source's transform chain and closes it again: what a transform rejects in its options. */
    void createTransforms(SourceDefinition source) throws ConfigException {
        createChain(source).close();
    }

    private TransformChain createChain(SourceDefinition source) throws ConfigException {
        // Nothing runs: the state folder is named as run names it, but no stage is started or locks it.
        return TransformChain.create(catalog, transforms(source), t -> new ComponentContext(t.type(), t.keyPath(),
                null, config.sourceStateDir(source.name()), new SimpleMeterRegistry()));
    }

    private SourceFactory factory(SourceDefinition source) throws ConfigException {
        return catalog.source(source.connector()).orElseThrow(() -> new ConfigException(source.keyPath()
                + ".connector", "no source named '" + source.connector() + "'", null));
    }

    private static Options options(SourceDefinition source, SourceFactory factory) throws ConfigException {
        return Options.of(source.configKeyPath(), factory.spec().options(), source.config());
    }

    private ComponentContext context(SourceDefinition source) {
        return new ComponentContext(source.name(), source.configKeyPath(), source.topic(),
                config.sourceStateDir(source.name()), new SimpleMeterRegistry());
    }
}
