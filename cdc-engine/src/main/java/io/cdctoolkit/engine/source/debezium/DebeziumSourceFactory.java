package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.config.ConfigException;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.SourceInspector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the Debezium source factories share: options → Debezium properties (common mapping, the
 * connector's own, then the {@code debezium:} pass-through), column filters, the topic function and
 * the reader. A subclass names its connector class and adds its properties, checks and discovery.
 */
public abstract class DebeziumSourceFactory implements SourceFactory, SourceInspector {

    @Override
    public CdcReader create(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> properties = engineProperties(options, context);
        Function<TableId, String> topics = TopicNamer.fromOptions(options, context.defaultTopic());
        RecordConverter converter = new RecordConverter(columnFilters(options), topics);
        return new DebeziumReader(describe(options, context), properties, converter,
                ReaderSettings.from(options, context.stateDir()));
    }

    /**
     * The Debezium engine and connector properties for these options. Contains the password: never
     * log or print it as is.
     */
    public Map<String, String> engineProperties(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> p = EngineProperties.common(connectorClass(), options, context, usesSchemaHistory(),
                glob -> qualifyTable(glob, options));
        connectorProperties(options, context, p);
        EngineProperties.applyPassThrough(p, options);
        return p;
    }

    /**
     * The column filters of {@code column_filters} and {@code cdc_features.column_filters}
     * (both spellings are accepted; rules of both apply).
     */
    public static ColumnFilters columnFilters(Options options) throws ConfigException {
        Map<String, Object> rules = new LinkedHashMap<>(options.map("column_filters"));
        Object nested = options.map("cdc_features").get("column_filters");
        if (nested instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) rules.putIfAbsent(String.valueOf(e.getKey()), e.getValue());
        }
        return rules.isEmpty() ? ColumnFilters.NONE : ColumnFilters.parse(options.keyPath() + ".column_filters", rules);
    }

    /** The source in messages, e.g. {@code postgres-cdc source 'pg' (localhost:5432/app)}; no secrets. */
    protected String describe(Options options, ComponentContext context) {
        return spec().name() + " source '" + context.name() + "' (" + options.string("host") + ":"
                + options.integer("port") + "/" + options.string("database") + ")";
    }

    /** Debezium's connector class. */
    protected abstract String connectorClass();

    /** Whether the connector keeps a schema history (MySQL, MariaDB, SQL Server). */
    protected abstract boolean usesSchemaHistory();

    /** An {@code include_tables}/{@code exclude_tables} glob in the connector's fully-qualified form. */
    protected abstract String qualifyTable(String glob, Options options);

    /** Adds the connector's own properties to {@code properties} (the pass-through block comes after). */
    protected abstract void connectorProperties(Options options, ComponentContext context,
                                                Map<String, String> properties) throws ConfigException;
}
