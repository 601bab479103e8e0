package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceInspector;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code discover}: the tables, columns, types and primary keys a source can capture. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "List the tables a source can capture, with columns, types and primary keys.")
final class DiscoverCommand implements Callable<Integer> {

    /** How the tables are printed. */
    enum Format { table, json, yaml }

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--source", paramLabel = "NAME",
            description = "The source to inspect (needed when the config has several).")
    String sourceName;

    @CommandLine.Option(names = "--format", defaultValue = "table", description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        SelectedSource selected = SelectedSource.load(env, config, sourceName);
        if (selected == null) return ExitCodes.CONFIG_ERROR;
        if (!(selected.factory() instanceof SourceInspector inspector)) {
            env.err().println("error: " + selected.source().connector() + " sources have no tables to discover");
            return ExitCodes.CONFIG_ERROR;
        }
        List<DiscoveredTable> tables;
        Map<TableId, Predicate<String>> captured = new HashMap<>();
        try {
            Options options = selected.options();
            tables = inspector.discover(options, selected.context(selected.config().stateDir()));
            for (DiscoveredTable t : tables) captured.put(t.id(), inspector.capturedColumns(options, t.id()));
        } catch (ConfigException | ConnectivityException e) {
            return config.reportFailure(env, e);
        }
        switch (format) {
            case json -> env.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(asMaps(tables, captured)));
            case yaml -> env.out().print(new YAMLMapper().writeValueAsString(asMaps(tables, captured)));
            case table -> printTable(env.out(), tables, captured);
        }
        return ExitCodes.OK;
    }

    /** @param captured per table, whether the source captures a column ({@code column_filters}) */
    private static List<Map<String, Object>> asMaps(List<DiscoveredTable> tables,
                                                    Map<TableId, Predicate<String>> captured) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DiscoveredTable t : tables) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.id().toString());
            m.put("primary_key", t.primaryKey());
            List<Map<String, Object>> columns = new ArrayList<>();
            for (DiscoveredTable.Column c : t.columns()) {
                Map<String, Object> column = new LinkedHashMap<>();
                column.put("name", c.name());
                column.put("type", c.type());
                column.put("nullable", c.nullable());
                column.put("default", c.defaultValue());
                column.put("captured", captured.get(t.id()).test(c.name()));
                columns.add(column);
            }
            m.put("columns", columns);
            out.add(m);
        }
        return out;
    }

    private static void printTable(PrintStream out, List<DiscoveredTable> tables,
                                   Map<TableId, Predicate<String>> captured) {
        for (DiscoveredTable t : tables) {
            out.println(t.id() + "  primary key: " + (t.primaryKey().isEmpty() ? "(none)" : String.join(", ", t.primaryKey())));
            for (DiscoveredTable.Column c : t.columns()) {
                List<String> notes = new ArrayList<>();
                if (c.defaultValue() != null) notes.add("default " + c.defaultValue());
                if (!captured.get(t.id()).test(c.name())) notes.add("left out by column_filters");
                String nullable = c.nullable() ? "null" : "not null";
                String line = String.format("  %-30s %-28s %-9s %s", c.name(), c.type(), nullable,
                        String.join("  ", notes));
                out.println(line.stripTrailing());
            }
        }
        out.println(tables.size() + " table(s)");
    }
}
