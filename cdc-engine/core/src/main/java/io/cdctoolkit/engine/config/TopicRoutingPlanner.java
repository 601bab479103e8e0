package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.routing.OnCollision;
import io.cdctoolkit.engine.routing.Resolution;
import io.cdctoolkit.engine.routing.TopicCollisions;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.SourceInspector;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing dry run: which topic every table of a config's sources would go to, computed with the same
 * {@link TopicResolver} the readers use, without starting anything or reading any change.
 */
public final class TopicRoutingPlanner {

    /** Which tables to plan. */
    public sealed interface Tables {
        /** The tables each source's {@code include_tables} names exactly. */
        record Configured() implements Tables {
        }

        /** These qualified names ({@code database.schema.table}, or {@code database.table} for MySQL/MariaDB). */
        record Named(List<String> names) implements Tables {
        }

        /** Every table the live source can capture (connects to it). */
        record Discovered() implements Tables {
        }
    }

    private final ComponentCatalog catalog;

    public TopicRoutingPlanner(ComponentCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Plans every source of the config that routes by table.
     *
     * @throws ConfigException        when a source's options, pattern or a named table is invalid
     * @throws ConnectivityException  when {@link Tables.Discovered} cannot reach a source
     */
    public TopicRoutingPlan plan(ToolkitConfig config, Tables tables) throws ConfigException, ConnectivityException {
        List<RoutedTable> routed = new ArrayList<>();
        List<RoutedEvents> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<TableId, String> topics = new LinkedHashMap<>();
        OnCollision strictest = OnCollision.WARN;
        for (SourceDefinition source : config.sources().values()) {
            SourceFactory factory = catalog.source(source.connector()).orElseThrow(() -> new ConfigException(
                    source.keyPath() + ".connector", "no source named '" + source.connector() + "'", null));
            if (!(factory instanceof TopicRoutedSource routing)) {
                notes.add("source " + source.name() + " (" + source.connector() + ") writes to its topic "
                        + (source.topic() == null ? "(its default)" : source.topic()) + "; it does not route by table");
                continue;
            }
            Options options = Options.of(source.configKeyPath(), factory.spec().options(), source.config());
            ComponentContext context = new ComponentContext(source.name(), source.configKeyPath(), source.topic(),
                    config.stateDir(), new SimpleMeterRegistry());
            TopicResolver resolver = routing.topicResolver(options, context);
            if (resolver.onCollision() == OnCollision.ERROR) strictest = OnCollision.ERROR;
            List<TableId> ids = tables(tables, source, factory, routing, options, context);
            if (ids.isEmpty()) {
                notes.add("source " + source.name() + ": no table to show (include_tables names none exactly);"
                        + " use --tables or --discover");
            }
            for (TableId id : ids) {
                Resolution r = resolver.resolveDetailed(id);
                routed.add(new RoutedTable(source.name(), id, r.topic(), r.topic() + "-key", r.topic() + "-value",
                        r.truncated()));
                topics.put(id, r.topic());
            }
            routing.eventTopics(options).forEach((id, t) -> {
                notes.add("source " + source.name() + " also writes its " + t.what() + " to topic " + t.topic());
                events.add(new RoutedEvents(source.name(), t.topic(), t.what()));
                topics.put(id, t.topic());
            });
        }
        List<CollisionFinding> findings = TopicCollisions.check(topics, strictest);
        return new TopicRoutingPlan(routed, events, findings, notes);
    }

    private static List<TableId> tables(Tables tables, SourceDefinition source, SourceFactory factory,
                                        TopicRoutedSource routing, Options options, ComponentContext context)
            throws ConfigException, ConnectivityException {
        if (tables instanceof Tables.Named named) {
            List<TableId> ids = new ArrayList<>();
            List<ConfigProblem> problems = new ArrayList<>();
            for (String name : named.names()) {
                try {
                    ids.add(routing.parseTable(name.trim(), options));
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem("--tables", e.getMessage(), null));
                }
            }
            if (!problems.isEmpty()) throw new ConfigException(problems);
            return ids;
        }
        if (tables instanceof Tables.Discovered) {
            if (!(factory instanceof SourceInspector inspector)) {
                throw new ConfigException(source.keyPath(), source.connector() + " cannot discover its tables", null);
            }
            return inspector.discover(options, context).stream().map(DiscoveredTable::id).toList();
        }
        return routing.configuredTables(options);
    }
}
