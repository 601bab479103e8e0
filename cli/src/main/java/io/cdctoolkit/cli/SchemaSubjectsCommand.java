package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code schema subjects}: every subject in the registry (AWS Glue: every schema name), one per line, sorted. */
@Command(name = "subjects", mixinStandardHelpOptions = true,
        description = {"Lists the registry's subjects (AWS Glue: its schema names), one per line, sorted.",
                "Exit 0, 2 usage, 3 registry unreachable or limiting the request rate."})
final class SchemaSubjectsCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    RegistryTarget registry;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        return RegistryCommands.run(env, () -> {
            Optional<GlueSchemaRegistry> glue = registry.glue(env);
            if (glue.isPresent()) {
                try (GlueSchemaRegistry schemas = glue.get()) {
                    return print(env, GlueTarget.schemaNames(schemas), schemas.settings().describe());
                }
            }
            try (RegistryClient client = registry.open(env)) {
                List<String> subjects;
                try {
                    subjects = client.subjects().stream().sorted().toList();
                } catch (RetryableException e) {
                    throw RegistryErrors.unreachable(e);
                } catch (RegistryRequestException e) {
                    throw RegistryErrors.translate(client, e);
                }
                return print(env, subjects, client.describe());
            }
        });
    }

    private static int print(CliEnvironment env, List<String> subjects, String registry) {
        subjects.forEach(env.out()::println);
        env.err().println(subjects.size() + (subjects.size() == 1 ? " subject" : " subjects") + " in " + registry);
        return ExitCodes.OK;
    }
}
