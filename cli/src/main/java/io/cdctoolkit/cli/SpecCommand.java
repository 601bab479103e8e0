package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdctoolkit.engine.config.ConfigJsonSchema;
import io.cdctoolkit.engine.config.HttpSettings;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.stage.TombstoneSettings;
import io.cdctoolkit.engine.spi.OptionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code spec [NAME] [--json-schema]}: the components and their options, or the config file's JSON Schema. */
@Command(name = "spec", mixinStandardHelpOptions = true,
        description = "List the components of this build (sources, sinks, transforms, registry modes) and their options.")
final class SpecCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "NAME", description = "A component, e.g. datagen.")
    String name;

    @CommandLine.Option(names = "--json-schema", description = "Print the JSON Schema of the whole config file.")
    boolean jsonSchema;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = parent.environment();
        PrintStream out = env.out();
        if (jsonSchema) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ConfigJsonSchema.generate(env.catalog())));
            return ExitCodes.OK;
        }
        List<ComponentSpec> specs = new ArrayList<>(env.catalog().specs());
        specs.add(TombstoneSettings.SPEC); // built in, not found through the catalog; features come last
        if (name == null) {
            printIndex(out, specs);
            return ExitCodes.OK;
        }
        if (name.equals(HTTP)) {
            out.println("http (top level)");
            out.println("The endpoint of `run` for Prometheus and probes: /metrics, /health, /ready, /status."
                    + " Off unless the block is present; binds loopback by default. See docs/operations.md.");
            out.println();
            out.println("Options:");
            printOptions(out, HttpSettings.OPTIONS, "  ");
            return ExitCodes.OK;
        }
        Optional<ComponentSpec> spec = specs.stream().filter(s -> s.accepts(name)).findFirst();
        if (spec.isEmpty()) {
            env.err().println("error: no component named '" + name + "'; known: "
                    + String.join(", ", specs.stream().map(ComponentSpec::name).toList()));
            return ExitCodes.CONFIG_ERROR;
        }
        printComponent(out, spec.get());
        return ExitCodes.OK;
    }

    /** The top-level block {@code spec} describes besides the components. */
    private static final String HTTP = "http";

    private static void printIndex(PrintStream out, List<ComponentSpec> specs) {
        String kind = null;
        for (ComponentSpec spec : specs) {
            String k = spec.kind().name().toLowerCase(Locale.ROOT);
            if (!k.equals(kind)) {
                out.println((kind == null ? "" : "\n") + heading(spec));
                kind = k;
            }
            out.printf("  %-26s %s%n", spec.name(), OptionText.firstSentence(spec.doc()));
        }
        out.println("\nTop level:");
        out.printf("  %-26s %s%n", HTTP, "The /metrics, /health, /ready and /status endpoint of run (off by default).");
        out.println("\nRun 'cdc-toolkit spec NAME' for a component's options.");
    }

    private static String heading(ComponentSpec spec) {
        return switch (spec.kind()) {
            case SOURCE -> "Sources (sources.<name>.connector):";
            case SINK -> "Sinks (sinks.<name>.connector):";
            case TRANSFORM -> "Transforms (transforms[].type):";
            case REGISTRY -> "Schema registry modes (schema_registry.mode):";
            case FEATURE -> "CDC features (sources.<name>.config.cdc_features.<feature>):";
        };
    }

    private static void printComponent(PrintStream out, ComponentSpec spec) {
        out.println(spec.name() + " (" + spec.kind().name().toLowerCase(Locale.ROOT) + ")");
        if (!spec.aliases().isEmpty()) out.println("aliases: " + String.join(", ", spec.aliases()));
        out.println(spec.doc());
        out.println();
        out.println("Options:");
        printOptions(out, spec.options(), "  ");
    }

    private static void printOptions(PrintStream out, List<OptionSpec> options, String indent) {
        for (OptionSpec o : options) {
            StringBuilder line = new StringBuilder(indent).append(o.name())
                    .append(" (").append(OptionText.typeName(o)).append(')');
            if (o.required()) line.append(" required");
            if (o.secret()) line.append(" secret");
            if (o.defaultValue() != null) line.append(" default: ").append(OptionText.value(o.defaultValue()));
            for (var rule : o.rules()) line.append(", ").append(rule.description());
            out.println(line);
            if (!o.doc().isEmpty()) out.println(indent + "    " + o.doc());
            if (!o.aliases().isEmpty()) out.println(indent + "    also: " + String.join(", ", o.aliases()));
            if (!o.nested().isEmpty()) printOptions(out, o.nested(), indent + "    ");
        }
    }
}
