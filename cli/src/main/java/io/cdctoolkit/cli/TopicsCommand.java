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
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code topics}: routing dry run. Prints table → topic → key/value subjects for every table the
 * sources would capture, marks truncated names and reports collisions (exit 1). Changes nothing.
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
        if (format == Format.json) printJson(env.out(), plan);
        else printTable(env.out(), plan);
        plan.notes().forEach(n -> env.err().println("note: " + n));
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

    private static void printTable(PrintStream out, TopicRoutingPlan plan) {
        int tableWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(0));
        int topicWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.topic().length()).max().orElse(0));
        String row = "%-" + tableWidth + "s  %-" + topicWidth + "s  %s%n";
        out.printf(row, "TABLE", "TOPIC", "SUBJECTS (key, value)");
        for (RoutedTable t : plan.tables()) {
            out.printf(row, t.table(), t.topic(), t.keySubject() + ", " + t.valueSubject()
                    + (t.truncated() ? "   [truncated to 249 chars]" : ""));
        }
    }

    private static void printJson(PrintStream out, TopicRoutingPlan plan) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (RoutedTable t : plan.tables()) {
            ObjectNode o = array.addObject();
            o.put("table", t.table().toString()); // database.schema.table (database.table for MySQL)
            o.put("topic", t.topic());
            o.put("key_subject", t.keySubject());
            o.put("value_subject", t.valueSubject());
            o.put("truncated", t.truncated());
        }
        out.println(array.toString());
    }
}
