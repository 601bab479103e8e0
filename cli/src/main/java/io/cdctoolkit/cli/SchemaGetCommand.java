package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code schema get}: one schema from the registry, its text alone on stdout (so it can be saved as
 * a file and given to {@code schema check --against}), what it is (subject, version, id, type) on stderr.
 */
@Command(name = "get",
        description = {"Prints a registered schema's text on stdout (subject, version, id and type on stderr):"
                + " a subject's version (--subject S [--version N|latest]) or a schema id (--id N).",
                "Exit 0 found, 1 no such subject, version or id, 2 usage, 3 registry unreachable."})
final class SchemaGetCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    // No mixinStandardHelpOptions: its --version would clash with the subject's --version.
    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    RegistryTarget registry;

    /** A subject's version, or a global id. */
    static final class Which {
        @CommandLine.ArgGroup(exclusive = false)
        SubjectVersion subjectVersion;

        @CommandLine.Option(names = "--id", paramLabel = "N", description = "A schema id (as written in the wire format).")
        Integer id;
    }

    /** {@code --subject S [--version N|latest]}. */
    static final class SubjectVersion {
        @CommandLine.Option(names = "--subject", required = true, paramLabel = "S", description = "The subject.")
        String subject;

        @CommandLine.Option(names = "--version", paramLabel = "N|latest", defaultValue = "latest",
                description = "The version number, or latest (default).")
        String version;
    }

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        return RegistryCommands.run(env, () -> {
            try (RegistryClient client = registry.open(env)) {
                return print(env, client);
            }
        });
    }

    private int print(CliEnvironment env, RegistryClient client) throws UsageProblem, ConnectivityException {
        try {
            if (which.id != null) {
                SchemaText schema = client.schemaById(which.id);
                env.out().println(schema.text());
                env.err().println("id " + which.id + " type " + schema.type().registryName());
                return ExitCodes.OK;
            }
            RegisteredSchema found = version(client);
            env.out().println(found.schema().text());
            env.err().println("subject " + found.subject() + " version " + found.version() + " id " + found.id()
                    + " type " + found.schema().type().registryName());
            return ExitCodes.OK;
        } catch (RetryableException e) {
            throw new ConnectivityException("schema registry cannot be reached: " + e.getMessage(), e);
        } catch (RegistryRequestException e) {
            if (e.notFound()) {
                env.err().println("not found: " + e.getMessage());
                return ExitCodes.CHECK_FAILED;
            }
            throw RegistryErrors.translate(client, e);
        }
    }

    private RegisteredSchema version(RegistryClient client) throws UsageProblem {
        String subject = which.subjectVersion.subject;
        String version = which.subjectVersion.version.trim();
        if (version.toLowerCase(Locale.ROOT).equals("latest")) return client.latest(subject);
        try {
            int number = Integer.parseInt(version);
            if (number < 1) throw new NumberFormatException();
            return client.version(subject, number);
        } catch (NumberFormatException e) {
            throw new UsageProblem("--version " + version + ": expected a version number (1, 2, …) or latest");
        }
    }
}
