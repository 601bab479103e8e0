package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code schema get}: one schema from the registry, its text alone on stdout (so it can be saved as
 * a file and given to {@code schema check --against}), what it is (subject, version, id, type) on stderr. From an AWS
 * Glue registry the subject is a schema name, and the id a schema version id (UUID).
 */
@Command(name = "get",
        description = {"Prints a registered schema's text on stdout (subject, version, id and type on stderr):"
                + " a subject's version (--subject S [--version N|latest]) or a schema id (--id N; AWS Glue: a schema"
                + " name and a version id, a UUID).",
                "Exit 0 found, 1 no such subject, version or id, 2 usage, 3 registry unreachable or limiting the"
                        + " request rate."})
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

        @CommandLine.Option(names = "--id", paramLabel = "ID",
                description = "A schema id as the wire format writes it: a number; with an AWS Glue registry a schema"
                        + " version id (UUID), or with its wire_format: standard a number.")
        String id;
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
            Optional<GlueSchemaRegistry> glue = registry.glue(env);
            if (glue.isPresent()) {
                try (GlueSchemaRegistry schemas = glue.get()) {
                    return print(env, schemas);
                }
            }
            try (RegistryClient client = registry.open(env)) {
                return print(env, client);
            }
        });
    }

    /** From AWS Glue: a schema's version by number or its latest available one, or a version by its UUID. */
    private int print(CliEnvironment env, GlueSchemaRegistry glue) throws UsageProblem, ConnectivityException {
        Optional<GlueSchemaRegistry.GlueVersion> found;
        String wanted;
        if (which.id != null) {
            Optional<UUID> id = glueVersionId(glue, which.id.trim());
            found = id.isEmpty() ? Optional.empty() : GlueTarget.version(glue, id.get());
            wanted = "no schema version with id " + which.id.trim();
        } else {
            String subject = which.subjectVersion.subject;
            Integer number = versionNumber();
            found = GlueTarget.version(glue, subject, number == null ? null : number.longValue());
            wanted = (number == null ? "no available version of schema " : "no version " + number + " of schema ")
                    + subject;
        }
        if (found.isEmpty() || found.get().schema() == null) {
            env.err().println("not found: " + wanted + " in " + glue.settings().describe());
            return ExitCodes.CHECK_FAILED;
        }
        GlueSchemaRegistry.GlueVersion version = found.get();
        env.out().println(version.schema().text());
        boolean available = version.status() == null || "AVAILABLE".equals(version.status());
        env.err().println("schema " + version.schemaName() + " version " + version.number() + " id " + version.id()
                + " type " + version.schema().type().registryName() + (available ? ""
                : " status " + version.status() + " (not a version records are written with)"));
        return ExitCodes.OK;
    }

    /**
     * The version an {@code --id} names in Glue: a UUID as the Glue wire format carries it, or a number as
     * {@code wire_format: standard} writes it (found through the version metadata the pipeline records).
     */
    private static Optional<UUID> glueVersionId(GlueSchemaRegistry glue, String id)
            throws UsageProblem, ConnectivityException {
        try {
            return GlueTarget.versionIdOf(glue, Integer.parseInt(id));
        } catch (NumberFormatException notANumber) {
            try {
                return Optional.of(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new UsageProblem("--id " + id + ": an AWS Glue schema version id is a UUID (or, with"
                        + " wire_format: standard, a number)");
            }
        }
    }

    /**
     * The files a Protobuf schema imports from the registry (its schema references, by import path), which are not
     * printed: named on stderr, so they can be fetched; nothing for a self-contained schema.
     */
    private static String references(SchemaText schema) {
        return schema.references().isEmpty() ? ""
                : " references " + String.join(", ", new java.util.TreeSet<>(schema.references().keySet()));
    }

    private int print(CliEnvironment env, RegistryClient client) throws UsageProblem, ConnectivityException {
        try {
            if (which.id != null) {
                int id;
                try {
                    id = Integer.parseInt(which.id.trim());
                } catch (NumberFormatException e) {
                    throw new UsageProblem("--id " + which.id + ": a schema id is a number");
                }
                SchemaText schema = client.schemaById(id);
                env.out().println(schema.text());
                env.err().println("id " + id + " type " + schema.type().registryName() + references(schema));
                return ExitCodes.OK;
            }
            RegisteredSchema found = version(client);
            env.out().println(found.schema().text());
            env.err().println("subject " + found.subject() + " version " + found.version() + " id " + found.id()
                    + " type " + found.schema().type().registryName() + references(found.schema()));
            return ExitCodes.OK;
        } catch (RetryableException e) {
            throw RegistryErrors.unreachable(e);
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
        Integer number = versionNumber();
        return number == null ? client.latest(subject) : client.version(subject, number);
    }

    /** The {@code --version} number; null for latest. */
    private Integer versionNumber() throws UsageProblem {
        String version = which.subjectVersion.version.trim();
        if (version.toLowerCase(Locale.ROOT).equals("latest")) return null;
        try {
            int number = Integer.parseInt(version);
            if (number < 1) throw new NumberFormatException();
            return number;
        } catch (NumberFormatException e) {
            throw new UsageProblem("--version " + version + ": expected a version number (1, 2, …) or latest");
        }
    }
}
