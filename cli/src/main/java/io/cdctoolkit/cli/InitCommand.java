package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.stage.TombstoneSettings;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code init}: prints a complete, commented, working config for the chosen components. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Print a complete, commented config file for a source, sink and registry mode"
                + " (`spec` lists those in this build).")
final class InitCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Option(names = "--source", defaultValue = "datagen", description = "Source connector (default: ${DEFAULT-VALUE}).")
    String source;

    @CommandLine.Option(names = "--sink", defaultValue = "stdout", description = "Sink connector (default: ${DEFAULT-VALUE}).")
    String sink;

    @CommandLine.Option(names = "--registry", defaultValue = "disabled",
            description = "Schema registry mode: disabled (plain JSON), external (Confluent-compatible registry,"
                    + " Avro / Protobuf / JSON Schema) or glue (AWS Glue Schema Registry) (default: ${DEFAULT-VALUE}).")
    String registry;

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment();
        var catalog = env.catalog();
        var sourceFactory = catalog.source(source);
        var sinkFactory = catalog.sink(sink);
        var registryFactory = catalog.registry(registry);
        if (!known("source", source, sourceFactory, catalog.sources(), env)
                | !known("sink", sink, sinkFactory, catalog.sinks(), env)
                | !known("registry mode", registry, registryFactory, catalog.registries(), env)) {
            return ExitCodes.CONFIG_ERROR;
        }
        String command = "cdc-toolkit init --source " + source + " --sink " + sink + " --registry " + registry;
        List<ComponentSpec> features = new ArrayList<>();
        catalog.features().forEach(f -> features.add(f.spec()));
        features.add(TombstoneSettings.SPEC);
        env.out().print(ConfigTemplate.render(command, sourceFactory.get().spec(),
                sourceFactory.get() instanceof TopicRoutedSource, sinkFactory.get().spec(), registryFactory.get().spec(),
                features));
        return ExitCodes.OK;
    }

    private static boolean known(String what, String name, Optional<?> found,
                                 List<? extends ComponentFactory<?>> all, CliEnvironment env) {
        if (found.isPresent()) return true;
        env.err().println("error: no " + what + " named '" + name + "'; known: "
                + String.join(", ", all.stream().map(f -> f.spec().name()).toList()));
        return false;
    }
}
