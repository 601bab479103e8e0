package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ChainShapes;
import io.cdctoolkit.engine.config.ConfiguredFeature;
import io.cdctoolkit.engine.config.ConfiguredTombstones;
import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.RoutedEvents;
import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.SinkDefinition;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.config.TopicRoutingPlan;
import io.cdctoolkit.engine.config.TopicRoutingPlanner;
import io.cdctoolkit.engine.config.TransformDefinition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.runtime.ErrorPolicy;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.RegistryInspector;
import io.cdctoolkit.engine.spi.SinkDestinations;
import io.cdctoolkit.engine.spi.SinkFactory;
import io.cdctoolkit.engine.spi.SinkInspector;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.SourceInspector;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.engine.spi.Inaction;
import io.cdctoolkit.engine.stage.TombstoneStage;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code check}: validates the config (every problem at once, with file, line and key path) and what
 * each source and sink accepts when {@code run} creates it, then
 * each source's prerequisites and connectivity, each source's transforms compiled against its tables'
 * schemas (a transform that does not fit a table is a config error at its key path: exit 2) and its
 * cdc_features reviewed against them (an encryption glob that selects no column: a warning),
 * the schema registry (reachable, credentials accepted),
 * each sink's connectivity and the topic routing,
 * printing a ✓/✗ table with a fix per ✗.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a config file, then check connectivity and prerequisites of its components.")
final class CheckCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        logging.apply();
        return logging.quietSchemaProbes(this::check);
    }

    private int check() {
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        try {
            createEveryComponent(env, loaded);
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        }
        CheckReport report = new CheckReport();
        report.pass("config", config.file + ": " + loaded.sources().size() + " source(s), " + loaded.sinks().size()
                + " sink(s), " + loaded.pipelines().size() + " pipeline(s)");
        try {
            Map<String, CompiledTables> compiledBySource = new HashMap<>();
            for (SourceDefinition source : loaded.sources().values()) {
                checkSource(env, loaded, source, report);
                compiledBySource.put(source.name(), checkTables(env, loaded, source, report));
            }
            checkRegistry(env, loaded, report);
            TopicRoutingPlan plan = routing(env, loaded);
            for (SinkDefinition sink : loaded.sinks().values()) {
                checkSink(env, loaded, sink, destinations(loaded, plan, sink.name(), compiledBySource,
                        new ChainedSchemas(env.catalog(), loaded)), report);
            }
            checkRouting(plan, report);
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        }
        report.print(env.out());
        return report.exitCode();
    }

    /**
     * Creates (and closes, unopened) every source, transform and sink as {@code run} does before it starts, so what a
     * component rejects only in combination (a SASL protocol without a user, producer properties the sink
     * sets itself) is a config error here too, not a surprise at run time. Creating opens nothing and
     * takes no state lock: {@code check} works while the pipelines run.
     */
    private static void createEveryComponent(CliEnvironment env, ToolkitConfig loaded) throws ConfigException {
        Set<ConfigProblem> problems = new LinkedHashSet<>();
        for (SourceDefinition source : loaded.sources().values()) {
            SourceFactory factory = env.catalog().source(source.connector()).orElseThrow();
            create(problems, () -> factory.create(Options.of(source.configKeyPath(), factory.spec().options(),
                    source.config()), new ComponentContext(source.name(), source.configKeyPath(), source.topic(),
                    loaded.sourceStateDir(source.name()), new SimpleMeterRegistry())));
        }
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        for (SourceDefinition source : loaded.sources().values()) {
            try {
                chained.createTransforms(source);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        for (SinkDefinition sink : loaded.sinks().values()) {
            SinkFactory factory = env.catalog().sink(sink.connector()).orElseThrow();
            create(problems, () -> factory.create(Options.of(sink.configKeyPath(), factory.spec().options(),
                    sink.config()), new ComponentContext(sink.name(), sink.configKeyPath(), null, loaded.stateDir(),
                    new SimpleMeterRegistry())));
        }
        if (!problems.isEmpty()) throw new ConfigException(List.copyOf(problems));
    }

    /** Creates a component; nothing is opened. */
    @FunctionalInterface
    private interface Creation {
        AutoCloseable create() throws Exception;
    }

    private static void create(Set<ConfigProblem> problems, Creation creation) {
        AutoCloseable component = null;
        try {
            component = creation.create();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (Exception e) {
            // not a configuration problem: the inspections and run report what they meet
        }
        if (component == null) return;
        try {
            component.close();
        } catch (Exception nothingWasOpened) {
            // created, never started: nothing to release
        }
    }

    private static void checkSource(CliEnvironment env, ToolkitConfig loaded, SourceDefinition source,
                                    CheckReport report) throws ConfigException {
        SourceFactory factory = env.catalog().source(source.connector()).orElseThrow();
        if (!(factory instanceof SourceInspector inspector)) return;
        Options options = Options.of(source.configKeyPath(), factory.spec().options(), source.config());
        // The source's own state (its saved offsets), as run gives it: a check may look at where the source resumes.
        ComponentContext context = new ComponentContext(source.name(), source.configKeyPath(), source.topic(),
                loaded.sourceStateDir(source.name()), new SimpleMeterRegistry());
        inspect(report, "source " + source.name(), () -> inspector.check(options, context),
                "check host, port, user and password, and that the server accepts connections from here");
    }

    /**
     * Compiles the source's transforms (its own, then its pipeline's) against the schema of every table it
     * captures, as {@code run} would on the first event of each: a field a transform names that a table
     * lacks, a type it cannot convert, is a config error at the transform's key path, naming the table; a
     * key the transforms build from columns a table's deletes do not carry, or tombstones or deletes keyed otherwise
     * than the other records, or tombstoned tables keyed by fields that need not be unique, or tables routed to one
     * topic with keys that can meet, are warnings ({@link DeleteKeyGap}, {@link TombstoneKeyMismatch},
     * {@link TombstoneKeyNotUnique}, {@link DeleteKeyMismatch}, {@link EventKeyMismatch}, {@link SharedTopicKeys}).
     * Then its {@code cdc_features} review their options against the tables' events as the transforms leave
     * them (an encryption glob that selects no column; a tombstones exclude glob that matches no table, a table
     * without a key): warnings. The tables are those the source's options
     * determine (datagen), else those {@code include_tables} names exactly, else every table discovery
     * finds. A source that cannot be reached is skipped (its own line already says so).
     *
     * @return the tables compiled and the shapes of their events as the transforms leave them, for the sinks' check
     *         of their destinations (the topics the events go to after a router, which tables' records have no key);
     *         read without a line of their own when there is nothing to review; none when nothing was compiled
     */
    private static CompiledTables checkTables(CliEnvironment env, ToolkitConfig loaded, SourceDefinition source,
                                              CheckReport report) {
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        List<TransformDefinition> transforms = chained.transforms(source);
        List<ConfiguredFeature> features;
        Optional<ConfiguredTombstones> tombstones;
        try {
            features = ConfiguredFeature.of(env.catalog(), source).stream().filter(f -> f.factory().reviewsTables())
                    .toList();
            tombstones = ConfiguredTombstones.of(source).filter(t -> t.settings().emitsTombstones());
        } catch (ConfigException e) {
            features = List.of(); // the config load reported it
            tombstones = Optional.empty();
        }
        Optional<SchemaFormat> format = formatReviewingValues(loaded);
        boolean reviews = !(transforms.isEmpty() && features.isEmpty() && tombstones.isEmpty() && format.isEmpty());
        // Without anything to review, the tables are still read (quietly) for a sink that checks its destinations:
        // it wants to know which tables' records have no key.
        if (!reviews && !writesToInspectedSink(env, loaded, source)) return CompiledTables.NONE;
        String subject = (!transforms.isEmpty() ? "transforms "
                : !features.isEmpty() || tombstones.isPresent() ? "cdc_features "
                : loaded.registry().format() + " ") + source.name();
        BiConsumer<String, String> warnIfReviewing = (why, fix) -> {
            if (reviews) report.warn(subject, why, fix);
        };
        if (report.unreachable("source " + source.name())) {
            warnIfReviewing.accept("not compiled against the tables: the source cannot be reached", null);
            return CompiledTables.NONE;
        }
        if (chained.inspector(source).isEmpty()) {
            warnIfReviewing.accept(source.connector() + " cannot tell its tables' schemas without capturing:"
                    + (transforms.isEmpty() ? " the cdc_features are not checked against them"
                    : " the transforms are compiled when the first event of each table arrives"), null);
            return CompiledTables.NONE;
        }
        List<TableId> tables;
        try {
            tables = chained.tables(source, true);
        } catch (ConfigException | ConnectivityException e) {
            warnIfReviewing.accept("not compiled against the tables: they could not be listed (" + e.getMessage() + ")",
                    null);
            return CompiledTables.NONE;
        }
        if (tables.isEmpty()) {
            warnIfReviewing.accept("no table to compile them against", "name tables exactly in include_tables");
            return CompiledTables.NONE;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        List<EventShape> shapes = new ArrayList<>();
        Set<TableId> compiledTables = new LinkedHashSet<>();
        List<DeleteKeyGap> deleteKeyGaps = new ArrayList<>();
        List<TombstoneKeyMismatch> tombstoneKeys = new ArrayList<>();
        List<TombstoneKeyNotUnique> tombstonedSharedKeys = new ArrayList<>();
        List<DeleteKeyMismatch> deleteKeys = new ArrayList<>();
        List<EventKeyMismatch> eventKeys = new ArrayList<>();
        List<SharedTopicKeys.Table> keyed = new ArrayList<>();
        Set<String> acting = new LinkedHashSet<>();
        Map<String, Inaction> idle = new LinkedHashMap<>();
        int compiled = 0;
        TableSchemaInspector.SchemaReading reading;
        try {
            reading = chained.schemaReading(source, tables);
        } catch (ConfigException | UsageProblem e) {
            warnIfReviewing.accept("not compiled against the tables: " + e.getMessage(), null);
            return CompiledTables.NONE;
        }
        try (reading) {
            for (TableId table : tables) {
                try {
                    TableSchemas schemas = reading.tableSchemas(table);
                    ChainShapes chain = chained.afterTransforms(source, schemas);
                    problems.addAll(chain.problems());
                    shapes.addAll(chain.outputs());
                    acting.addAll(chain.acting());
                    idle.putAll(chain.idle());
                    DeleteKeyGap.of(schemas, chain.outputs()).ifPresent(deleteKeyGaps::add);
                    TombstoneKeyMismatch.of(table, chain.outputs()).ifPresent(tombstoneKeys::add);
                    boolean tombstoneStage = tombstones.isPresent()
                            && TombstoneStage.covers(tombstones.get().settings(), table);
                    TombstoneKeyNotUnique.of(schemas, chain.outputs(), tombstoneStage)
                            .ifPresent(tombstonedSharedKeys::add);
                    Optional<EventKeyMismatch> eventKey = EventKeyMismatch.of(table, chain.outputs());
                    eventKey.ifPresent(eventKeys::add);
                    // the same cause makes the deletes keyed two ways too: said once
                    if (eventKey.isEmpty()) DeleteKeyMismatch.of(table, chain.outputs()).ifPresent(deleteKeys::add);
                    keyed.add(new SharedTopicKeys.Table(schemas, chain.outputs()));
                    compiledTables.add(table);
                    compiled++;
                } catch (ConnectivityException e) {
                    warnIfReviewing.accept("not compiled against the tables: the source cannot be reached ("
                            + e.getMessage() + ")", null);
                    return CompiledTables.NONE;
                } catch (FatalException e) {
                    // e.g. a table the role may not read: its own prerequisite line says how to fix it, and the other
                    // tables are still reviewed (the reading goes on after a table it cannot read)
                    warnIfReviewing.accept("table " + table + " skipped: its schemas cannot be read ("
                            + e.getMessage() + ")", null);
                } catch (ConfigException e) {
                    // e.g. a table include_tables names that the database does not have (yet)
                    warnIfReviewing.accept("table " + table + " skipped: " + e.getMessage(), null);
                }
            }
        }
        // The transforms see the source's events that are no table's changes too (transaction BEGIN/END, logical
        // decoding messages): one that does not fit them would stop run at the first of them.
        List<EventShape> nonTableShapes = new ArrayList<>();
        Set<TableId> nonTables = new LinkedHashSet<>();
        try {
            for (ChainShapes chain : chained.nonTableEventsAfterTransforms(source)) {
                problems.addAll(chain.problems());
                nonTableShapes.addAll(chain.outputs());
                acting.addAll(chain.acting());
                idle.putAll(chain.idle());
                nonTables.add(chain.input().table());
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        for (ConfigProblem p : new LinkedHashSet<>(problems)) {
            report.configError(subject, new ConfigProblem(p.keyPath(), p.message(), null).toString(), p.fix());
        }
        if (!problems.isEmpty()) return CompiledTables.NONE;
        CompiledTables result = new CompiledTables(compiledTables,
                Stream.concat(shapes.stream(), nonTableShapes.stream()).toList());
        // Every table skipped: the lines above say why, and nothing was reviewed to pass.
        if (!reviews || compiled == 0) return result;
        if (!transforms.isEmpty()) {
            report.pass(subject, transforms.size() + " transform(s) fit " + compiled + " table(s)"
                    + (nonTables.isEmpty() ? "" : " and the events of " + nonTables.stream().map(TableId::toString)
                    .collect(Collectors.joining(", "))));
        }
        if (shapes.isEmpty() && !transforms.isEmpty()) {
            // A filter that keeps no table's events (a condition on a misspelt table name) writes nothing at all.
            report.warn(subject, "the transforms drop every event of the " + compiled + " table(s) checked ("
                    + TableId.firstNames(compiledTables) + "): no table's change is written",
                    "check the filter's condition (`cdc-toolkit topics` shows each table's topic after the transforms)");
        }
        // A transform that acts on none of the tables' events, as a misspelt option makes it (a predicate's table
        // name, a router's regex, a field list under missing_fields: ignore): it changes nothing without a word.
        for (TransformDefinition t : transforms) {
            Inaction inaction = idle.get(t.keyPath());
            if (inaction == null || acting.contains(t.keyPath())) continue;
            report.warn(subject, t.keyPath() + " (" + t.type() + ") acts on none of the " + compiled + " table(s)"
                    + " checked (" + TableId.firstNames(compiledTables) + "): it changes no event (" + inaction.reason()
                    + ")", inaction.fix());
        }
        for (DeleteKeyGap gap : deleteKeyGaps) report.warn(subject, gap.message(), gap.fix());
        for (TombstoneKeyMismatch keys : tombstoneKeys) report.warn(subject, keys.message(), keys.fix());
        for (TombstoneKeyNotUnique keys : tombstonedSharedKeys) report.warn(subject, keys.message(), keys.fix());
        for (DeleteKeyMismatch keys : deleteKeys) report.warn(subject, keys.message(), keys.fix());
        for (EventKeyMismatch keys : eventKeys) report.warn(subject, keys.message(), keys.fix());
        for (SharedTopicKeys shared : SharedTopicKeys.of(keyed)) report.warn(subject, shared.message(), shared.fix());
        for (ConfiguredFeature feature : features) {
            reviewed(report, feature.name() + " " + source.name(), feature.factory().review(feature.options(), shapes),
                    compiled);
        }
        if (tombstones.isPresent()) {
            reviewed(report, ConfiguredTombstones.NAME + " " + source.name(),
                    TombstoneStage.review(tombstones.get().settings(), tombstones.get().keyPath(), shapes), compiled);
        }
        if (format.isPresent()) {
            reviewFormat(report, loaded.registry().format() + " " + source.name(), format.get(), chained, source, shapes,
                    compiled);
        }
        return result;
    }

    /** Whether an enabled pipeline takes the source's events to a sink that {@code check} inspects. */
    private static boolean writesToInspectedSink(CliEnvironment env, ToolkitConfig loaded, SourceDefinition source) {
        return loaded.pipelines().values().stream()
                .filter(p -> p.enabled() && p.source().equals(source.name()))
                .map(p -> loaded.sinks().get(p.sink()))
                .anyMatch(sink -> sink != null
                        && env.catalog().sink(sink.connector()).filter(SinkInspector.class::isInstance).isPresent());
    }

    /** The columns of the tables' events, as encoded, that may hold a value {@code format} cannot write: warnings. */
    private static void reviewFormat(CheckReport report, String subject, SchemaFormat format, ChainedSchemas chained,
                                     SourceDefinition source, List<EventShape> shapes, int tables) {
        List<UnwritableColumns> unwritable;
        try {
            unwritable = UnwritableColumns.of(format, chained.afterFeatures(source, shapes));
        } catch (ConfigException e) {
            return; // the config load reported it
        }
        for (UnwritableColumns u : unwritable) report.warn(subject, u.message(), u.fix());
        if (unwritable.isEmpty()) report.pass(subject, "every column of the " + tables + " table(s) can be written");
    }

    /**
     * The config's record format when it may refuse values a table allows (Protobuf: a NULL array element), so that
     * check looks for them in the tables; empty for plain JSON and the formats that write every value.
     */
    private static Optional<SchemaFormat> formatReviewingValues(ToolkitConfig loaded) {
        String name = loaded.registry().format();
        if (name == null || "json".equalsIgnoreCase(name)) return Optional.empty();
        try {
            SchemaFormat format = SchemaFormats.forType(SchemaType.fromFormatName(name));
            return format.refusesValuesItsSchemasAllow() ? Optional.of(format) : Optional.empty();
        } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // the config load reported it
        }
    }

    /** A cdc_features block's review against the tables: each finding a warning, or a pass. */
    private static void reviewed(CheckReport report, String subject, List<ConfigProblem> findings, int tables) {
        for (ConfigProblem p : findings) {
            report.warn(subject, new ConfigProblem(p.keyPath(), p.message(), null).toString(), p.fix());
        }
        if (findings.isEmpty()) report.pass(subject, "fits the " + tables + " table(s)");
    }

    private static void checkSink(CliEnvironment env, ToolkitConfig loaded, SinkDefinition sink,
                                  SinkDestinations destinations, CheckReport report) throws ConfigException {
        SinkFactory factory = env.catalog().sink(sink.connector()).orElseThrow();
        if (!(factory instanceof SinkInspector inspector)) return;
        Options options = Options.of(sink.configKeyPath(), factory.spec().options(), sink.config());
        ComponentContext context = new ComponentContext(sink.name(), sink.configKeyPath(), null, loaded.stateDir(),
                new SimpleMeterRegistry());
        inspect(report, "sink " + sink.name(), () -> inspector.check(options, context, destinations),
                "check the addresses, that the servers are up and that this machine may connect to them");
    }

    /** The configured schema registry, when its mode is a system that can be down or refuse us. */
    private static void checkRegistry(CliEnvironment env, ToolkitConfig loaded, CheckReport report)
            throws ConfigException {
        Optional<ConfiguredRegistry> registry = ConfiguredRegistry.of(loaded.registry(), env.catalog());
        if (registry.isEmpty() || !(registry.get().factory() instanceof RegistryInspector inspector)) return;
        String keyPath = registry.get().definition().optionsKeyPath();
        ComponentContext context = new ComponentContext(registry.get().definition().mode(), keyPath, null,
                loaded.stateDir(), new SimpleMeterRegistry());
        try {
            inspect(report, "schema registry", () -> inspector.check(registry.get().options(), context),
                    "check " + keyPath + ".url, that the registry is up and that this machine may connect to it");
        } catch (IllegalArgumentException e) {
            // e.g. a trust store that cannot be read: the client cannot even be built
            report.fail("schema registry", e.getMessage(), "check the options under " + keyPath);
        }
    }

    /** One component's inspection.  */
    @FunctionalInterface
    private interface Inspection {
        PrerequisiteReport run() throws ConnectivityException;
    }

    /** Adds an inspection's items; a failed prerequisite, like no answer at all, means the system cannot be used. */
    private static void inspect(CheckReport report, String subject, Inspection inspection, String unreachableFix) {
        try {
            for (PrerequisiteCheck item : inspection.run().items()) {
                String name = subject + ": " + item.name();
                switch (item.outcome()) {
                    case PASS -> report.pass(name, item.message());
                    case WARN -> report.warn(name, item.message(), item.fix());
                    case FAIL -> report.unreachable(name, item.message(), item.fix());
                }
            }
        } catch (ConnectivityException e) {
            report.unreachable(subject, e.getMessage(), unreachableFix);
        }
    }

    private static TopicRoutingPlan routing(CliEnvironment env, ToolkitConfig loaded) throws ConfigException {
        try {
            return new TopicRoutingPlanner(env.catalog()).plan(loaded, new TopicRoutingPlanner.Tables.Configured());
        } catch (ConnectivityException e) {
            throw new IllegalStateException("configured tables are planned without connecting", e);
        }
    }

    /**
     * The tables of a source that {@code check} compiled its transforms against, and the shapes of their events
     * after them.
     *
     * @param tables the tables compiled
     * @param shapes their events' shapes after the transforms (none for a table whose events they all drop), and those
     *               of the source's events that are no table's changes (transaction BEGIN/END, messages)
     */
    private record CompiledTables(Set<TableId> tables, List<EventShape> shapes) {
        static final CompiledTables NONE = new CompiledTables(Set.of(), List.of());
    }

    /**
     * The topics a sink's enabled pipelines write to, as far as {@code check} can tell: for the tables it compiled
     * the transforms against, the topics their events go to after the transforms (a {@code regex_router} may have
     * renamed them); for the other configured tables, the topics the routing plan gives them; a source's fixed topic
     * when none of its tables was compiled; the topics of a source's events that are no table's changes (logical
     * decoding messages, transaction BEGIN/END) when it has no transforms, which could route them elsewhere; and the
     * dead-letter topic under {@code on_error: dead_letter}.
     */
    private static SinkDestinations destinations(ToolkitConfig loaded, TopicRoutingPlan plan, String sink,
                                                 Map<String, CompiledTables> compiledBySource, ChainedSchemas chained) {
        Set<String> topics = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        Map<String, SortedSet<String>> keyless = new TreeMap<>();
        for (PipelineDefinition pipeline : loaded.pipelines().values()) {
            if (!pipeline.enabled() || !pipeline.sink().equals(sink)) continue;
            SourceDefinition source = loaded.sources().get(pipeline.source());
            CompiledTables compiled = compiledBySource.getOrDefault(pipeline.source(), CompiledTables.NONE);
            if (source != null && source.topic() != null && compiled.tables().isEmpty()) topics.add(source.topic());
            for (RoutedTable table : plan.tables()) {
                if (table.source().equals(pipeline.source()) && !compiled.tables().contains(table.table())) {
                    topics.add(table.topic());
                }
            }
            if (source != null && chained.transforms(source).isEmpty()) {
                for (RoutedEvents events : plan.events()) {
                    if (events.source().equals(pipeline.source())) topics.add(events.topic());
                }
            }
            for (EventShape shape : compiled.shapes()) {
                topics.add(shape.topic());
                if (shape.key() == null && !shape.isTombstone()) {
                    keyless.computeIfAbsent(shape.topic(), t -> new TreeSet<>()).add(shape.table().toString());
                }
            }
            if (pipeline.settings().onError() == ErrorPolicy.DEAD_LETTER && pipeline.settings().deadLetterTopic() != null) {
                topics.add(pipeline.settings().deadLetterTopic());
                deadLetters.add(pipeline.settings().deadLetterTopic());
            }
        }
        return new SinkDestinations(topics, deadLetters, keyless);
    }

    private static void checkRouting(TopicRoutingPlan plan, CheckReport report) {
        if (plan.tables().isEmpty()) return;
        boolean clean = true;
        for (CollisionFinding f : plan.findings()) {
            clean = false;
            if (f.severity() == CollisionFinding.Severity.ERROR) {
                report.fail("topic routing", f.message(), "change topic_routing or normalization, or set"
                        + " normalization.on_collision: warn if the tables are meant to share a topic");
            } else {
                report.warn("topic routing", f.message(), null);
            }
        }
        if (clean) report.pass("topic routing", plan.tables().size() + " table(s), no collisions");
    }
}
