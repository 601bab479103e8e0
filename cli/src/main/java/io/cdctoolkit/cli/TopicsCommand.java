package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.config.TopicRoutingPlan;
import io.cdctoolkit.engine.config.TopicRoutingPlanner;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code topics}: routing dry run. Prints table → topic → key/value subjects for every table the
 * sources would capture, marks truncated names and reports collisions (exit 1). Changes nothing.
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
        Map<RoutedTable, TableSchemaDeriver.Derived> derived = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>(plan.notes());
        if (schemas) {
            try {
                derive(env, loaded, plan, derived, notes);
            } catch (UsageProblem e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.CONFIG_ERROR;
            } catch (ConfigException e) {
                config.printProblems(env, e);
                return ExitCodes.CONFIG_ERROR;
            } catch (ConnectivityException e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            } catch (FatalException e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.isUnreachable(e) ? ExitCodes.UNREACHABLE : ExitCodes.PIPELINE_FAILED;
            }
        }
        if (format == Format.json) printJson(env.out(), plan, derived);
        else printTable(env.out(), plan, derived);
        notes.forEach(n -> env.err().println("note: " + n));
        for (CollisionFinding f : plan.findings()) {
            env.err().println((f.severity() == CollisionFinding.Severity.ERROR ? "error: " : "warning: ") + f.message());
        }
        return plan.hasErrors() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** Derives the schemas of every planned table whose source can tell them. */
    private void derive(CliEnvironment env, ToolkitConfig loaded, TopicRoutingPlan plan,
                        Map<RoutedTable, TableSchemaDeriver.Derived> out, Set<String> notes)
            throws UsageProblem, ConfigException, ConnectivityException {
        TableSchemaDeriver deriver = TableSchemaDeriver.of(env.catalog(), loaded, schemaFormat);
        for (RoutedTable t : plan.tables()) {
            SourceDefinition source = loaded.source(t.source()).orElseThrow();
            if (!deriver.canInspect(source)) {
                notes.add("source " + source.name() + " (" + source.connector() + ") cannot tell its tables' schemas"
                        + " without capturing: no schemas shown for it");
                continue;
            }
            out.put(t, deriver.derive(source, t.table()));
            notes.addAll(deriver.notes(source));
        }
    }

    private TopicRoutingPlanner.Tables tables() {
        if (selection != null && selection.discover) return new TopicRoutingPlanner.Tables.Discovered();
        if (selection != null && selection.tables != null) return new TopicRoutingPlanner.Tables.Named(selection.tables);
        return new TopicRoutingPlanner.Tables.Configured();
    }

    private static void printTable(PrintStream out, TopicRoutingPlan plan,
                                   Map<RoutedTable, TableSchemaDeriver.Derived> derived) {
        int tableWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(0));
        int topicWidth = Math.max(5, plan.tables().stream().mapToInt(t -> t.topic().length()).max().orElse(0));
        String row = "%-" + tableWidth + "s  %-" + topicWidth + "s  %s%n";
        out.printf(row, "TABLE", "TOPIC", "SUBJECTS (key, value)");
        for (RoutedTable t : plan.tables()) {
            TableSchemaDeriver.Derived d = derived.get(t);
            String subjects = d == null ? t.keySubject() + ", " + t.valueSubject()
                    : (d.key() == null ? "(no key)" : d.key().subject()) + ", " + d.value().subject();
            out.printf(row, t.table(), t.topic(), subjects + (t.truncated() ? "   [truncated to 249 chars]" : ""));
        }
        for (TableSchemaDeriver.Derived d : derived.values()) {
            out.println();
            SchemaDeriveCommand.print(out, d);
        }
    }

    private static void printJson(PrintStream out, TopicRoutingPlan plan,
                                  Map<RoutedTable, TableSchemaDeriver.Derived> derived) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (RoutedTable t : plan.tables()) {
            ObjectNode o = array.addObject();
            o.put("table", t.table().toString()); // database.schema.table (database.table for MySQL)
            o.put("topic", t.topic());
            o.put("key_subject", t.keySubject());
            o.put("value_subject", t.valueSubject());
            o.put("truncated", t.truncated());
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
