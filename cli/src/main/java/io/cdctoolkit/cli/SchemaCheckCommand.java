package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.compat.OnlineCompatibility;
import io.cdctoolkit.schema.compat.SchemaParseException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code schema check}: may this schema be registered under the subject? Offline against schema files
 * ({@code --against}, oldest first) by the same rules the registry applies, or online by asking the
 * registry. Exit 0 compatible, 1 incompatible (one line per problem on stdout, path first), 2 usage
 * (also an unreadable or unparsable file), 3 registry unreachable.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks whether a schema may be registered under a subject: offline against earlier versions"
                + " given as files (--against, oldest first), or online against a registry (--registry).",
                "Exit 0 compatible, 1 incompatible (one line per problem, path first), 2 usage or unreadable schema,"
                        + " 3 registry unreachable."})
final class SchemaCheckCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--subject", required = true, paramLabel = "S",
            description = "The subject the schema would be registered under, e.g. orders-value.")
    String subject;

    @CommandLine.Option(names = "--schema", required = true, paramLabel = "FILE", description = "The new schema.")
    Path schema;

    @CommandLine.Option(names = "--type", paramLabel = "TYPE",
            description = "avro, protobuf or json (JSON Schema). Default: from the file extension"
                    + " (.avsc avro, .proto protobuf, .json json).")
    String type;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Against against;

    @CommandLine.Option(names = "--level", paramLabel = "LEVEL",
            description = "none, backward, backward_transitive, forward, forward_transitive, full, full_transitive."
                    + " Default: backward offline (the registry default); the subject's level online.")
    String level;

    /** What the schema is checked against: earlier versions as files, or a registry. */
    static final class Against {
        @CommandLine.Option(names = "--against", arity = "1..*", paramLabel = "FILE",
                description = "Earlier versions of the subject, oldest first (repeatable).")
        List<Path> files;

        @CommandLine.Option(names = "--registry", paramLabel = "URL",
                description = "A Confluent-compatible registry (Apicurio: include /apis/ccompat/v7).")
        String registry;
    }

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        try {
            SchemaType schemaType = schemaType();
            CompatibilityLevel chosenLevel = level == null ? null : CompatibilityLevel.parse(level);
            SchemaText candidate = read(schema, schemaType);
            CompatibilityResult result = against.registry != null
                    ? checkOnline(schemaType, candidate, chosenLevel)
                    : checkOffline(schemaType, candidate, chosenLevel == null ? CompatibilityLevel.BACKWARD : chosenLevel);
            return report(env, result, chosenLevel);
        } catch (UsageProblem | IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (ConnectivityException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }

    private CompatibilityResult checkOffline(SchemaType schemaType, SchemaText candidate, CompatibilityLevel chosen)
            throws UsageProblem {
        List<SchemaText> previous = new ArrayList<>();
        for (Path file : against.files) previous.add(read(file, schemaType));
        try {
            return CompatibilityCheckers.forType(schemaType).check(candidate, previous, chosen);
        } catch (SchemaParseException e) {
            Path file = e.version() == SchemaParseException.CANDIDATE ? schema : against.files.get(e.version());
            throw new UsageProblem(file + ": not a valid " + describe(schemaType) + " schema: "
                    + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private CompatibilityResult checkOnline(SchemaType schemaType, SchemaText candidate, CompatibilityLevel chosen)
            throws UsageProblem, ConnectivityException {
        // HOOK: the registry client provides OnlineCompatibility through ServiceLoader (issue #8, point 6).
        Optional<OnlineCompatibility> online = ServiceLoader.load(OnlineCompatibility.class).findFirst();
        if (online.isEmpty()) {
            throw new UsageProblem("--registry needs the registry client, which is not in this build;"
                    + " check against earlier versions as files with --against");
        }
        return online.get().check(against.registry, subject, candidate, chosen);
    }

    private int report(CliEnvironment env, CompatibilityResult result, CompatibilityLevel chosen) {
        String levelText = chosen != null ? chosen.name() : against.registry != null ? "the subject's level" : "BACKWARD";
        String what = against.registry != null ? "the versions in " + against.registry
                : against.files.size() == 1 ? "1 earlier version" : against.files.size() + " earlier versions";
        if (result.compatible()) {
            env.err().println("compatible: " + schema + " may be registered under " + subject + " at " + levelText
                    + " (checked against " + what + ")");
            return ExitCodes.OK;
        }
        result.problems().forEach(env.out()::println);
        env.err().println("incompatible: " + schema + " cannot be registered under " + subject + " at " + levelText
                + ": " + result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems"));
        if (against.files != null) {
            List<String> legend = new ArrayList<>();
            for (int i = 0; i < against.files.size(); i++) legend.add("version " + (i + 1) + " = " + against.files.get(i));
            env.err().println("  (" + String.join(", ", legend) + ")");
        }
        return ExitCodes.CHECK_FAILED;
    }

    private SchemaType schemaType() throws UsageProblem {
        if (type != null) return SchemaType.fromFormatName(type);
        String name = schema.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avsc")) return SchemaType.AVRO;
        if (name.endsWith(".proto")) return SchemaType.PROTOBUF;
        if (name.endsWith(".json")) return SchemaType.JSON_SCHEMA;
        throw new UsageProblem("cannot tell the schema type of " + schema
                + " from its extension (.avsc, .proto, .json): give --type avro|protobuf|json");
    }

    private static SchemaText read(Path file, SchemaType schemaType) throws UsageProblem {
        try {
            return new SchemaText(schemaType, Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageProblem("cannot read " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageProblem("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageProblem("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String describe(SchemaType schemaType) {
        return switch (schemaType) {
            case AVRO -> "Avro";
            case PROTOBUF -> "Protobuf";
            case JSON_SCHEMA -> "JSON Schema";
        };
    }

    /** A usage problem the command reports as {@code error: …} with exit code 2. */
    private static final class UsageProblem extends Exception {
        UsageProblem(String message) {
            super(message);
        }
    }
}
