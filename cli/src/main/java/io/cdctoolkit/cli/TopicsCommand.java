package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.config.TopicRoutingPlan;
import io.cdctoolkit.engine.config.TopicRoutingPlanner;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.registry.SubjectStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code topics}: routing dry run. Prints table → topic → key/value subjects for every table the
 * sources would capture, marks truncated names and reports collisions (exit 1). Changes nothing.
 * With {@code --schemas}, the subjects follow the configured registry's {@code subject_strategy} and
 * the schemas' record names are shown.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Dry run of topic routing: table -> topic -> subjects, truncations, collisions. Changes nothing.")
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
            description = "Subjects per the config's schema_registry (subject_strategy, format) and the key and"
                    + " value schemas' record names.")
    boolean schemas;

    /**
     * What --schemas adds: the registry's mode, format and subject strategy (empty: no registry, or a mode
     * that does not name subjects the Confluent way).
     */
    private record SchemaView(String mode, String format, Optional<SubjectStrategy> strategy) {
        String noSubjects() {
            return mode.equals("disabled") ? "none: schema_registry.mode is disabled (plain JSON)"
                    : "named by schema_registry.mode " + mode;
        }
    }

    /** Where the tables come from: include_tables (default), --tables, or --discover. */
    static final class Selection {
        @CommandLine.Option(names = "--tables", split = ",", paramLabel = "T1,T2",
                description = "Tables as database.schema.table (database.table for MySQL/MariaDB).")
        List<String> tables;

        @CommandLine.Option(names = "--discover", description = "Ask the live sources for their tables.")
        boolean discover;
    }

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        TopicRoutingPlan plan;
        try {
            plan = new TopicRoutingPlanner(env.catalog()).plan(loaded, tables());
        } catch (ConfigException e) {
            config.printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        } catch (ConnectivityException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        SchemaView view = null;
        if (schemas) {
            try {
                view = schemaView(env, loaded);
            } catch (ConfigException e) {
                config.printProblems(env, e);
                return ExitCodes.CONFIG_ERROR;
            }
        }
        if (format == Format.json) printJson(env.out(), plan, loaded, view);
        else printTable(env.out(), plan, loaded, view);
        plan.notes().forEach(n -> env.err().println("note: " + n));
        if (view != null) schemaNotes(env.err(), loaded, view);
        for (CollisionFinding f : plan.findings()) {
            env.err().println((f.severity() == CollisionFinding.Severity.ERROR ? "error: " : "warning: ") + f.message());
        }
        return plan.hasErrors() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private TopicRoutingPlanner.Tables tables() {
        if (selection != null && selection.discover) return new TopicRoutingPlanner.Tables.Discovered();
        if (selection != null && selection.tables != null) return new TopicRoutingPlanner.Tables.Named(selection.tables);
        return new TopicRoutingPlanner.Tables.Configured();
    }

    private static SchemaView schemaView(CliEnvironment env, ToolkitConfig loaded) throws ConfigException {
        Optional<ConfiguredRegistry> registry = ConfiguredRegistry.of(loaded.registry(), env.catalog());
        String mode = loaded.registry().mode();
        // Subject strategies are the Confluent model's (mode external); a mode without the option names its
        // schemas its own way, which topics does not guess.
        Optional<SubjectStrategy> strategy = registry.filter(r -> r.options().has("subject_strategy"))
                .map(r -> SubjectStrategy.parse(r.options().string("subject_strategy")));
        return new SchemaView(mode, loaded.registry().format(), strategy);
    }

    private static void schemaNotes(PrintStream err, ToolkitConfig loaded, SchemaView view) {
        if (view.mode().equals("disabled")) {
            err.println("note: schema_registry.mode is disabled: records are plain JSON, no schema is registered,"
                    + " so tables have no subjects (set mode: external to use a registry)");
            return;
        }
        if (view.strategy().isEmpty()) {
            err.println("note: schema_registry.mode " + view.mode() + " has no subject_strategy; see its docs for"
                    + " how it names schemas");
        }
        err.println("note: schema_registry.mode " + loaded.registry().mode() + ", format " + view.format()
                + view.strategy().map(st -> ", subject_strategy " + st.name().toLowerCase(java.util.Locale.ROOT)).orElse(""));
        err.println("note: derived schemas are not printed: a table's schemas are built by its reader from the"
                + " column types the capture reports under the source's options (decimal, time and array"
                + " handling), and changed by transforms and encryption; topics runs none of them, and guessing"
                + " them from discovered column types could print a schema the pipeline would never register");
    }

    private static void printTable(PrintStream out, TopicRoutingPlan plan, ToolkitConfig loaded, SchemaView view) {
        if (view != null) {
            printSchemaTable(out, plan, loaded, view);
            return;
        }
        int tableWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(0));
        int topicWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.topic().length()).max().orElse(0));
        String row = "%-" + tableWidth + "s  %-" + topicWidth + "s  %s%n";
        out.printf(row, "TABLE", "TOPIC", "SUBJECTS (key, value)");
        for (RoutedTable t : plan.tables()) {
            out.printf(row, t.table(), t.topic(), t.keySubject() + ", " + t.valueSubject()
                    + (t.truncated() ? "   [truncated to 249 chars]" : ""));
        }
    }

    private static void printSchemaTable(PrintStream out, TopicRoutingPlan plan, ToolkitConfig loaded,
                                         SchemaView view) {
        int tableWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(0));
        int topicWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.topic().length()).max().orElse(0));
        String row = "%-" + tableWidth + "s  %-" + topicWidth + "s  %-5s  %s%n";
        out.printf(row, "TABLE", "TOPIC", "ROLE", "SUBJECT (RECORD)");
        for (RoutedTable t : plan.tables()) {
            if (view.strategy().isEmpty()) {
                out.printf(row, t.table(), t.topic(), "-", view.noSubjects());
                continue;
            }
            TableSubjects s = TableSubjects.of(t, loaded, view.strategy().get());
            String truncated = t.truncated() ? "   [topic truncated to 249 chars]" : "";
            out.printf(row, t.table(), t.topic(), "key", s.keySubject() + " (" + s.keyRecord() + ")" + truncated);
            out.printf(row, "", "", "value", s.valueSubject().orElse(UNKNOWN_VALUE) + " ("
                    + s.valueRecord().orElse("set by the transforms") + ")");
        }
    }

    private static final String UNKNOWN_VALUE = "unknown: transforms may change the value schema's name";

    private static void printJson(PrintStream out, TopicRoutingPlan plan, ToolkitConfig loaded, SchemaView view) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (RoutedTable t : plan.tables()) {
            ObjectNode o = array.addObject();
            o.put("table", t.table().toString()); // database.schema.table (database.table for MySQL)
            o.put("topic", t.topic());
            o.put("key_subject", t.keySubject());
            o.put("value_subject", t.valueSubject());
            o.put("truncated", t.truncated());
            if (view != null) o.set("schemas", schemasJson(o, t, loaded, view));
        }
        out.println(array.toString());
    }

    /**
     * {@code schemas}: format, strategy, the record names, and the subjects under that strategy (which
     * also replace the TopicNameStrategy ones at the top level); subjects null when there is no registry.
     */
    private static ObjectNode schemasJson(ObjectNode table, RoutedTable t, ToolkitConfig loaded, SchemaView view) {
        ObjectNode s = table.objectNode();
        s.put("format", view.format());
        if (view.strategy().isEmpty()) {
            s.putNull("subject_strategy");
            table.putNull("key_subject");
            table.putNull("value_subject");
            return s;
        }
        TableSubjects names = TableSubjects.of(t, loaded, view.strategy().get());
        s.put("subject_strategy", view.strategy().get().name().toLowerCase(java.util.Locale.ROOT));
        s.put("key_record", names.keyRecord());
        s.put("value_record", names.valueRecord().orElse(null));
        table.put("key_subject", names.keySubject());
        table.put("value_subject", names.valueSubject().orElse(null));
        return s;
    }
}
