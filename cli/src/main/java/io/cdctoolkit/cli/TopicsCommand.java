package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.config.ChainShapes;
import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.config.TopicRoutingPlan;
import io.cdctoolkit.engine.config.TopicRoutingPlanner;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.SubjectStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code topics}: routing dry run. Prints table → topic → key/value subjects for every table the
 * sources would capture, the topics after the sources' transforms (a router may change them, a filter
 * drop every event, a transform emit several shapes), marks truncated names and reports collisions
 * (exit 1). Changes nothing.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Dry run of topic routing: table -> topic -> subjects, truncations, collisions; with --schemas the"
                + " registry schemas each table would get. Changes nothing.")
final class TopicsCommand implements Callable<Integer> {

    /** How the plan is printed. */
    enum Format { table, json }

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.ArgGroup(exclusive = true)
    Selection selection;

    @CommandLine.Option(names = "--format", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @CommandLine.Option(names = "--schemas",
            description = "Also derive each table's key and value registry schemas (connects to the sources; reads no"
                    + " rows, changes nothing) and name the subjects by the config's subject_strategy.")
    boolean schemas;

    @CommandLine.Option(names = "--schema-format", paramLabel = "FORMAT",
            description = "With --schemas: avro, protobuf or json_schema (default: the config's schema_registry.format).")
    String schemaFormat;

    /** With --schemas: every shape of each table after the transforms, printed after the table. */
    private final Map<RoutedTable, TableSchemaDeriver.Derivation> derivations = new LinkedHashMap<>();
    /** Whether subjects are shown: the config registers some ({@code schema_registry.mode} other than disabled), or --schemas. */
    private boolean registers = true;
    /** Whether the registry is AWS Glue, whose value schemas are named after the topic alone. */
    private boolean glue;
    /**
     * Without --schemas, the config's {@code subject_strategy} when it names subjects after the schemas' record names
     * ({@code record}, {@code topic_record}), which only the derived schemas give; else null.
     */
    private SubjectStrategy byRecordName;

    /** Where the tables come from: include_tables (default), --tables, or --discover. */
    static final class Selection {
        @CommandLine.Option(names = {"--tables", "--table"}, split = ",", paramLabel = "T1,T2",
                description = "Tables as database.schema.table (database.table for MySQL/MariaDB); repeatable.")
        List<String> tables;

        @CommandLine.Option(names = "--discover", description = "Ask the live sources for their tables.")
        boolean discover;
    }

    /**
     * A table's events after its source's transforms, when they were applied.
     *
     * @param topics     the topics they go to, in order; empty when the transforms drop every event
     * @param shapes     how many different shapes (schemas, topic, tombstone or not) they leave with
     * @param tombstones whether some of them are tombstones
     */
    record AfterTransforms(List<String> topics, int shapes, boolean tombstones) {

        static AfterTransforms of(ChainShapes shapes) {
            return new AfterTransforms(shapes.topics(), shapes.outputs().size(),
                    shapes.outputs().stream().anyMatch(EventShape::isTombstone));
        }

        static AfterTransforms of(TableSchemaDeriver.Derivation derivation) {
            Set<String> topics = new LinkedHashSet<>();
            derivation.outputs().forEach(d -> topics.add(d.topic()));
            return new AfterTransforms(List.copyOf(topics), derivation.outputs().size(),
                    derivation.outputs().stream().anyMatch(d -> d.value() == null));
        }

        boolean dropsAll() {
            return topics.isEmpty();
        }
    }

    @Override
    public Integer call() {
        logging.apply();
        return logging.quietSchemaProbes(this::topics);
    }

    private int topics() {
        CliEnvironment env = parent.environment();
        // A dry run that connects to nothing needs no credential: a CI job's routing check runs without the
        // database password. Once it will connect (--discover, --schemas, transforms that need the tables' schemas),
        // the file is loaded whole, credentials included.
        boolean connects = schemas || selection != null && selection.discover;
        ToolkitConfig loaded = config.load(env, connects ? ConfigScope.WHOLE : ConfigScope.withoutSecrets());
        if (loaded != null && !connects && readsTableSchemas(env, loaded)) loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        TopicRoutingPlan plan;
        List<RoutedTable> tables;
        try {
            plan = new TopicRoutingPlanner(env.catalog()).plan(loaded, tables());
            tables = new ArrayList<>(plan.tables());
            tables.addAll(fixedTables(env, loaded));
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        } catch (ConnectivityException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        Map<RoutedTable, TableSchemaDeriver.Derived> derived = new LinkedHashMap<>();
        Map<RoutedTable, AfterTransforms> after = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>(plan.notes());
        // --schemas derives in --schema-format whatever the mode: then its subjects are what was asked for.
        registers = schemas || !RegistryDefinition.DISABLED.equals(loaded.registry().mode());
        glue = "glue".equals(loaded.registry().mode());
        if (!registers) {
            notes.add("schema_registry.mode is disabled: records are plain JSON and no subject is registered");
        }
        byRecordName = schemas ? null : recordNameStrategy(loaded.registry());
        if (byRecordName != null) {
            notes.add("schema_registry.external.subject_strategy is " + byRecordName.name().toLowerCase(java.util.Locale.ROOT)
                    + ": subjects are named after the schemas' record names, which only --schemas derives (reading the"
                    + " sources' schemas, no rows); without it they are not shown");
        }
        try {
            if (schemas) derive(env, loaded, tables, derived, after, notes);
            else applyTransforms(env, loaded, tables, after, notes);
        } catch (UsageProblem | ConfigException | ConnectivityException | FatalException e) {
            return config.reportFailure(env, e);
        }
        notes.addAll(sharedAfterTransforms(tables, after));
        if (format == Format.json) printJson(env.out(), tables, derived, after);
        else printTable(env.out(), tables, derived, after);
        notes.forEach(n -> env.err().println("note: " + n));
        for (CollisionFinding f : plan.findings()) {
            env.err().println((f.severity() == CollisionFinding.Severity.ERROR ? "error: " : "warning: ") + f.message());
        }
        return plan.hasErrors() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** Whether some source has transforms, which need its tables' schemas (read from the database). */
    private static boolean readsTableSchemas(CliEnvironment env, ToolkitConfig loaded) {
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        return loaded.sources().values().stream().anyMatch(s -> !chained.transforms(s).isEmpty());
    }

    /**
     * The tables of sources that do not route by table but know their tables from their options alone
     * (datagen), with the topic their reader gives them: the transforms may still route them.
     */
    private static List<RoutedTable> fixedTables(CliEnvironment env, ToolkitConfig loaded)
            throws ConfigException, ConnectivityException, UsageProblem {
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        List<RoutedTable> out = new ArrayList<>();
        for (SourceDefinition source : loaded.sources().values()) {
            if (env.catalog().source(source.connector()).orElse(null) instanceof TopicRoutedSource) continue;
            if (chained.inspector(source).isEmpty()) continue;
            for (TableId table : chained.tables(source, false)) {
                String topic = chained.readerSchemas(source, table).topic();
                out.add(new RoutedTable(source.name(), table, topic, topic + "-key", topic + "-value", false));
            }
        }
        return out;
    }

    /**
     * The topics after each source's transforms, for sources that have any: their tables' schemas are
     * read (connecting to a database source) because what a transform does may depend on them. A source
     * that cannot be reached or cannot tell schemas keeps its topics before the transforms, with a note.
     */
    private static void applyTransforms(CliEnvironment env, ToolkitConfig loaded, List<RoutedTable> tables,
                                        Map<RoutedTable, AfterTransforms> out, Set<String> notes)
            throws ConfigException, UsageProblem {
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        Set<String> unreachable = new LinkedHashSet<>();
        // One reading per source: its tables' schemas read together (TableSchemaInspector#schemaReading).
        try (SourceSchemaReadings readings = new SourceSchemaReadings(chained, tables)) {
            for (RoutedTable t : tables) {
                SourceDefinition source = loaded.source(t.source()).orElseThrow();
                if (chained.transforms(source).isEmpty() || unreachable.contains(source.name())) continue;
                if (chained.inspector(source).isEmpty()) {
                    notes.add("source " + source.name() + " (" + source.connector() + ") cannot tell its tables'"
                            + " schemas without capturing: its topics are shown before its transforms");
                    continue;
                }
                try {
                    var schemas = readerSchemas(readings, source, t, notes, "so its topic is shown before the transforms");
                    if (schemas == null) continue;
                    ChainShapes shapes = chained.afterTransforms(source, schemas);
                    if (!shapes.problems().isEmpty()) throw new ConfigException(shapes.problems());
                    out.put(t, AfterTransforms.of(shapes));
                } catch (ConnectivityException e) {
                    unreachable.add(source.name());
                    notes.add("source " + source.name() + ": its tables' schemas could not be read (" + e.getMessage()
                            + "): its topics are shown before its transforms");
                } catch (FatalException e) {
                    // e.g. a table the role may not read: the source's other tables are still read
                    notes.add("source " + source.name() + ": the schemas of " + t.table() + " could not be read ("
                            + e.getMessage() + "): its topic is shown before the transforms");
                }
            }
        }
        nonTableEventTopics(chained, loaded, unreachable, notes);
    }

    /**
     * Notes where the transforms send each source's events that are no table's changes (transaction BEGIN/END,
     * logical decoding messages), when that is not the topic the plan's note names.
     *
     * @throws ConfigException when a transform does not fit those events (run would stop at the first of them)
     */
    private static void nonTableEventTopics(ChainedSchemas chained, ToolkitConfig loaded, Set<String> unreachable,
                                            Set<String> notes) throws ConfigException {
        for (SourceDefinition source : loaded.sources().values()) {
            if (chained.transforms(source).isEmpty() || unreachable.contains(source.name())) continue;
            for (ChainShapes shapes : chained.nonTableEventsAfterTransforms(source)) {
                if (!shapes.problems().isEmpty()) throw new ConfigException(shapes.problems());
                if (shapes.topics().equals(List.of(shapes.input().topic()))) continue;
                notes.add("source " + source.name() + ": after its transforms, its " + shapes.input().table()
                        + " events go to " + (shapes.topics().isEmpty() ? "no topic (the transforms drop them)"
                        : "topic " + String.join(", ", shapes.topics())));
            }
        }
    }

    /**
     * The schemas the source reads {@code t} with, or null when the source does not have the table (a name given with
     * --tables or in include_tables that is not created yet): its topic before the transforms is all a dry run can
     * show, with a note ending in {@code consequence}, rather than an error.
     */
    private static TableSchemas readerSchemas(SourceSchemaReadings readings, SourceDefinition source, RoutedTable t,
                                               Set<String> notes, String consequence)
            throws ConnectivityException, UsageProblem {
        try {
            return readings.tableSchemas(source, t.table());
        } catch (ConfigException e) {
            notes.add(e.problems().get(0).message() + " (" + consequence + ")");
            return null;
        }
    }

    /** Derives the schemas of every table whose source can tell them, after the source's transforms. */
    private void derive(CliEnvironment env, ToolkitConfig loaded, List<RoutedTable> tables,
                        Map<RoutedTable, TableSchemaDeriver.Derived> out, Map<RoutedTable, AfterTransforms> after,
                        Set<String> notes) throws UsageProblem, ConfigException, ConnectivityException {
        try (TableSchemaDeriver deriver = TableSchemaDeriver.of(env.catalog(), loaded, schemaFormat, "--schema-format")) {
            deriveWith(deriver, env, loaded, tables, out, after, notes);
        }
    }

    private void deriveWith(TableSchemaDeriver deriver, CliEnvironment env, ToolkitConfig loaded,
                            List<RoutedTable> tables, Map<RoutedTable, TableSchemaDeriver.Derived> out,
                            Map<RoutedTable, AfterTransforms> after, Set<String> notes)
            throws UsageProblem, ConfigException, ConnectivityException {
        ChainedSchemas chained = new ChainedSchemas(env.catalog(), loaded);
        try (SourceSchemaReadings readings = new SourceSchemaReadings(chained, tables)) {
            for (RoutedTable t : tables) {
                SourceDefinition source = loaded.source(t.source()).orElseThrow();
                if (!deriver.canInspect(source)) {
                    notes.add("source " + source.name() + " (" + source.connector() + ") cannot tell its tables'"
                            + " schemas without capturing: no schemas shown for it");
                    continue;
                }
                TableSchemas schemas;
                try {
                    schemas = readerSchemas(readings, source, t, notes, "so no schemas are shown for it");
                } catch (FatalException e) {
                    // e.g. a table the role may not read: the source's other tables are still derived
                    notes.add("source " + source.name() + ": the schemas of " + t.table() + " could not be read ("
                            + e.getMessage() + "): no schemas shown for it");
                    continue;
                }
                if (schemas == null) continue;
                TableSchemaDeriver.Derivation derivation = deriver.derive(source, schemas);
                derivations.put(t, derivation);
                derivation.withValue().stream().findFirst().ifPresent(d -> out.put(t, d));
                if (!chained.transforms(source).isEmpty()) after.put(t, AfterTransforms.of(derivation));
                notes.addAll(deriver.notes(source));
            }
        }
        nonTableEventTopics(chained, loaded, Set.of(), notes);
        // Transaction BEGIN/END events and logical decoding messages go to topics of their own, whose schemas need
        // registering too: listed after the tables of the sources that write them.
        Set<String> listed = new LinkedHashSet<>();
        tables.forEach(t -> listed.add(t.source()));
        for (String name : listed) {
            SourceDefinition source = loaded.source(name).orElseThrow();
            if (!deriver.canInspect(source)) continue;
            for (TableSchemaDeriver.Derivation derivation : deriver.deriveNonTableEvents(source)) {
                String topic = derivation.readerTopic();
                RoutedTable events = new RoutedTable(name, derivation.table(), topic, topic + "-key", topic + "-value",
                        false);
                tables.add(events);
                derivations.put(events, derivation);
                derivation.withValue().stream().findFirst().ifPresent(d -> out.put(events, d));
                if (!chained.transforms(source).isEmpty()) after.put(events, AfterTransforms.of(derivation));
            }
        }
    }

    private TopicRoutingPlanner.Tables tables() {
        if (selection != null && selection.discover) return new TopicRoutingPlanner.Tables.Discovered();
        if (selection != null && selection.tables != null) return new TopicRoutingPlanner.Tables.Named(selection.tables);
        return new TopicRoutingPlanner.Tables.Configured();
    }

    /**
     * Notes for the topics the transforms send several tables to (a {@code regex_router} merging shards, say): not a
     * collision — often intended — yet their records mix in one topic and, with a registry, their schemas are
     * versions of the same subjects. Tables that already shared a topic before the transforms are the collision
     * check's.
     */
    private List<String> sharedAfterTransforms(List<RoutedTable> tables, Map<RoutedTable, AfterTransforms> after) {
        Map<String, Set<RoutedTable>> byTopic = new LinkedHashMap<>();
        for (RoutedTable t : tables) {
            AfterTransforms a = after.get(t);
            if (a == null) continue;
            for (String topic : a.topics()) byTopic.computeIfAbsent(topic, k -> new LinkedHashSet<>()).add(t);
        }
        for (RoutedTable t : tables) {
            if (after.get(t) == null && byTopic.containsKey(t.topic())) byTopic.get(t.topic()).add(t);
        }
        List<String> notes = new ArrayList<>();
        byTopic.forEach((topic, sharing) -> {
            if (sharing.stream().map(RoutedTable::topic).distinct().count() < 2) return;
            String names = sharing.stream().map(t -> t.table().toString()).collect(java.util.stream.Collectors.joining(", "));
            notes.add("topic " + topic + " receives the events of " + sharing.size() + " tables after the transforms ("
                    + names + ")" + (registers ? ": their key and value schemas are versions of the same subjects ("
                    + subjects(topic) + "), so each must be compatible with the"
                    + " others at the subjects' level" : ": their records mix in one topic"));
        });
        return notes;
    }

    /**
     * A subject of {@code topic}'s records without their schemas: Glue's schema names in {@code glue} mode
     * ({@code <topic>-key}, {@code <topic>}), else the topic strategy's ({@code <topic>-key}, {@code <topic>-value});
     * null under a record strategy, which needs the record name {@code --schemas} derives.
     */
    private String subject(String topic, boolean key) {
        if (glue) return key ? GlueSchemaRegistry.keySchemaName(topic) : GlueSchemaRegistry.valueSchemaName(topic);
        if (byRecordName != null) return null;
        return topic + (key ? "-key" : "-value");
    }

    /** The key and value subjects of {@code topic} for the table output. */
    private String subjects(String topic) {
        return byRecordName != null ? "(by record name: --schemas)" : subject(topic, true) + ", " + subject(topic, false);
    }

    /** The configured strategy if it names subjects by record name, else null. */
    private static SubjectStrategy recordNameStrategy(RegistryDefinition registry) {
        SubjectStrategy strategy = TableSchemaDeriver.strategy(registry);
        return strategy == SubjectStrategy.TOPIC ? null : strategy;
    }

    /** The topic column: the topics after the transforms when they were applied. */
    private static String topicText(RoutedTable t, AfterTransforms a) {
        if (a == null) return t.topic();
        return a.dropsAll() ? "(dropped)" : String.join(", ", a.topics());
    }

    /** What the transforms did that the topic column does not show. */
    private static String transformsText(RoutedTable t, AfterTransforms a) {
        if (a == null) return "";
        if (a.dropsAll()) return "   [the transforms drop every event]";
        List<String> said = new ArrayList<>();
        if (!a.topics().equals(List.of(t.topic()))) said.add("routed from " + t.topic());
        if (a.shapes() > 1) said.add(a.shapes() + " shapes" + (a.tombstones() ? " incl. tombstones" : ""));
        else if (a.tombstones()) said.add("tombstones only");
        return said.isEmpty() ? "" : "   [transforms: " + String.join("; ", said) + "]";
    }

    private void printTable(PrintStream out, List<RoutedTable> tables,
                            Map<RoutedTable, TableSchemaDeriver.Derived> derived,
                            Map<RoutedTable, AfterTransforms> after) {
        int tableWidth = Math.max(5, tables.stream().mapToInt(t -> t.table().toString().length()).max().orElse(0));
        int topicWidth = Math.max(5, tables.stream().mapToInt(t -> topicText(t, after.get(t)).length()).max().orElse(0));
        String row = "%-" + tableWidth + "s  %-" + topicWidth + "s  %s%n";
        out.printf(row, "TABLE", "TOPIC", "SUBJECTS (key, value)");
        for (RoutedTable t : tables) {
            TableSchemaDeriver.Derived d = derived.get(t);
            AfterTransforms a = after.get(t);
            String subjects = !registers ? "-"
                    : d != null ? (d.key() == null ? "(no key)" : d.key().subject()) + ", " + d.value().subject()
                    : a == null ? subjects(t.topic())
                    : a.dropsAll() ? "-" : a.topics().stream().map(this::subjects)
                    .collect(java.util.stream.Collectors.joining("; "));
            out.printf(row, t.table(), topicText(t, a), subjects + (t.truncated() ? "   [truncated to 249 chars]" : "")
                    + transformsText(t, a));
        }
        for (TableSchemaDeriver.Derivation d : derivations.values()) {
            out.println();
            SchemaDeriveCommand.print(out, d);
        }
    }

    private void printJson(PrintStream out, List<RoutedTable> tables,
                           Map<RoutedTable, TableSchemaDeriver.Derived> derived,
                           Map<RoutedTable, AfterTransforms> after) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (RoutedTable t : tables) {
            ObjectNode o = array.addObject();
            o.put("table", t.table().toString()); // database.schema.table (database.table for MySQL)
            o.put("topic", t.topic());
            o.put("key_subject", subject(t.topic(), true));
            o.put("value_subject", subject(t.topic(), false));
            o.put("truncated", t.truncated());
            AfterTransforms a = after.get(t);
            if (a != null) {
                // After the transforms: the topic (null when they drop every event), every topic they may
                // route to, and the subjects of the topic strategy for the first.
                String first = a.dropsAll() ? null : a.topics().get(0);
                o.put("topic_before_transforms", t.topic());
                o.put("topic", first);
                ArrayNode topics = o.putArray("topics");
                a.topics().forEach(topics::add);
                o.put("key_subject", first == null ? null : subject(first, true));
                o.put("value_subject", first == null ? null : subject(first, false));
                o.put("shapes", a.shapes());
                o.put("tombstones", a.tombstones());
            }
            if (!registers) {
                o.putNull("key_subject");
                o.putNull("value_subject");
            }
            TableSchemaDeriver.Derived d = derived.get(t);
            if (d != null) {
                // Subjects by the config's strategy (record strategies need the derived record name).
                o.put("key_subject", d.key() == null ? null : d.key().subject());
                o.put("value_subject", d.value().subject());
                o.put("schema_type", d.type().name().toLowerCase(java.util.Locale.ROOT));
                o.put("key_schema", d.key() == null ? null : d.key().schema().text().text());
                o.put("value_schema", d.value().schema().text().text());
            }
        }
        out.println(array.toString());
    }
}
