package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.compat.AvroLogicalTypeChanges;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.registry.OnlineCompatibility;
import io.cdctoolkit.schema.registry.OnlineVerdict;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.compat.SchemaParseException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.glue.GlueCompatibility;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code schema check}: may this schema be registered under the subject? Offline against schema files
 * ({@code --against}, oldest first) by the rules of the registry the user has ({@code --rules}:
 * Confluent's by default, or Apicurio's own), or online by asking the registry. Exit 0 compatible, 1 incompatible (one line per problem on stdout, path first), 2 usage
 * (also an unreadable or unparsable file), 3 registry unreachable or limiting the request rate.
 *
 * <p>Online, the registry judges at the subject's own level. {@code --level} naming another level is
 * not sent to the registry (the API has none per request, and changing the subject's level would
 * change what producers may register): the subject's versions are fetched and judged by the offline
 * rules at that level — the rule set of that registry ({@code --rules}, else the config's {@code flavor},
 * else Apicurio's for a {@code /apis/ccompat/} URL) — and stderr says so.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks whether a schema may be registered under a subject: offline against earlier versions"
                + " given as files (--against, oldest first), or online against a registry (--registry).",
                "Exit 0 compatible, 1 incompatible (one line per problem, path first), 2 usage or unreadable schema,"
                        + " 3 registry unreachable or limiting the request rate."})
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

    @CommandLine.Mixin
    SchemaFileOptions schemaFiles;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Against against;

    @CommandLine.Option(names = "--level", paramLabel = "LEVEL",
            description = "none, backward, backward_transitive, forward, forward_transitive, full, full_transitive."
                    + " Default: backward offline (the registry default); the subject's level online."
                    + " Online at another level than the subject's, the registry's versions are fetched and"
                    + " checked by the offline rules (stderr says so).")
    String level;

    @CommandLine.Option(names = "--rules", paramLabel = "RULES",
            description = {"Whose compatibility rules cdc-toolkit applies: confluent (Confluent SR, Karapace, Redpanda)"
                    + " or apicurio (Apicurio Registry's own checkers; they differ on Protobuf and JSON Schema).",
                    "Default: confluent offline; online, the registry's (the config's flavor, else apicurio for a URL"
                            + " with /apis/ccompat/, else confluent) - used when checking at another level than the"
                            + " subject's, by a mock:// registry, and always with a glue registry (--config)."})
    String rules;

    /** What the schema is checked against: earlier versions as files, or a registry. */
    static final class Against {
        @CommandLine.Option(names = "--against", arity = "1..*", paramLabel = "FILE",
                description = "Earlier versions of the subject, oldest first (repeatable).")
        List<Path> files;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        RegistryTarget registry;

        boolean online() {
            return registry != null && registry.given();
        }
    }

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        return RegistryCommands.run(env, () -> {
            SchemaType schemaType = schemaType();
            CompatibilityLevel chosenLevel = level == null ? null : CompatibilityLevel.parse(level);
            RuleSet chosenRules = rules == null ? null : RuleSet.parse(rules);
            SchemaText candidate = read(env, schema, schemaType);
            if (against.online()) {
                Optional<GlueSchemaRegistry> glue = against.registry.glue(env);
                if (glue.isPresent()) {
                    try (GlueSchemaRegistry opened = glue.get()) {
                        SchemaFiles.refuseReferencesInGlue(schema, candidate);
                        return checkInGlue(env, opened, candidate, chosenLevel, chosenRules);
                    }
                }
                OnlineVerdict verdict = checkOnline(env, candidate, chosenLevel, chosenRules);
                return report(env, verdict.result(), " at " + verdict.checkedLevel().name(), onlineWhat(verdict));
            }
            CompatibilityLevel offlineLevel = chosenLevel == null ? CompatibilityLevel.BACKWARD : chosenLevel;
            RuleSet offlineRules = chosenRules == null ? RuleSet.CONFLUENT : chosenRules;
            CompatibilityResult result = checkOffline(env, schemaType, candidate, offlineLevel, offlineRules);
            return report(env, result, " at " + offlineLevel.name(), "checked against "
                    + (against.files.size() == 1 ? "1 earlier version" : against.files.size() + " earlier versions")
                    + " by the " + offlineRules.id() + " rules");
        });
    }

    private CompatibilityResult checkOffline(CliEnvironment env, SchemaType schemaType, SchemaText candidate,
                                             CompatibilityLevel chosen, RuleSet ruleSet) throws UsageProblem {
        List<SchemaText> previous = new ArrayList<>();
        for (Path file : against.files) previous.add(read(env, file, schemaType));
        warnOfLogicalTypeChanges(env, previous.get(previous.size() - 1), candidate,
                against.files.get(against.files.size() - 1).toString());
        try {
            return CompatibilityCheckers.forType(schemaType, ruleSet).check(candidate, previous, chosen);
        } catch (SchemaParseException e) {
            Path file = e.version() == SchemaParseException.CANDIDATE ? schema : against.files.get(e.version());
            throw new UsageProblem(file + ": not a valid " + describe(schemaType) + " schema: "
                    + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private OnlineVerdict checkOnline(CliEnvironment env, SchemaText candidate, CompatibilityLevel chosen, RuleSet ruleSet)
            throws UsageProblem, ConnectivityException, RegistryTarget.ConfigInvalid {
        Optional<OnlineCompatibility> online = ServiceLoader.load(OnlineCompatibility.class).findFirst();
        if (online.isEmpty()) {
            throw new UsageProblem("--registry needs the registry client, which is not in this build;"
                    + " check against earlier versions as files with --against");
        }
        try (RegistryTarget.Opened registry = against.registry.open(env, ruleSet)) {
            OnlineVerdict verdict = online.get().check(registry.client(), subject, candidate, chosen, registry.rules());
            RegistryCommands.latest(registry.client(), subject).ifPresent(latest -> warnOfLogicalTypeChanges(env,
                    latest.schema(), candidate, "version " + latest.version() + " of " + subject));
            if (verdict.byRegistry() && verdict.checkedLevel() == CompatibilityLevel.NONE) {
                // Apicurio's ccompat API starts every subject at NONE: a CI step on it would pass every change.
                env.err().println("note: " + subject + " is at NONE in the registry (its own level, else the global"
                        + " one): the registry accepts any schema, so this check cannot fail; set the subject's level"
                        + " (PUT /config/" + subject + " {\"compatibility\": \"BACKWARD\"}), or pass --level to check"
                        + " at one against the registry's versions");
            }
            if (verdict.registryDeclined().isPresent()) {
                env.err().println("note: " + against.registry.named() + " did not judge " + schema + " ("
                        + verdict.registryDeclined().get() + "): checked at " + verdict.checkedLevel()
                        + " by cdc-toolkit's offline " + verdict.rules().id() + " rules against the registry's "
                        + verdict.versions() + (verdict.versions() == 1 ? " version" : " versions"));
            } else if (!verdict.byRegistry()) {
                env.err().println("note: " + subject + " is at " + verdict.subjectLevel() + " in the registry, which judges"
                        + " only at that level: checked at " + verdict.checkedLevel() + " by cdc-toolkit's offline "
                        + verdict.rules().id() + " rules against the registry's " + verdict.versions()
                        + (verdict.versions() == 1 ? " version" : " versions")
                        + (ruleSet == null ? " (give --rules confluent|apicurio if the registry applies other rules)" : ""));
            }
            return verdict;
        }
    }

    /** The Glue schema named {@code --subject} as the next version's judge ({@link GlueTarget}). */
    private int checkInGlue(CliEnvironment env, GlueSchemaRegistry glue, SchemaText candidate, CompatibilityLevel chosen,
                            RuleSet ruleSet) throws ConnectivityException {
        GlueCompatibility.Verdict verdict = GlueTarget.check(glue, subject, candidate, chosen, ruleSet);
        Optional<SchemaText> latest = verdict.latest().isPresent() ? verdict.latest() : GlueTarget.latest(glue, subject);
        latest.ifPresent(l -> warnOfLogicalTypeChanges(env, l, candidate, "the latest version of " + subject));
        return report(env, verdict.result(), GlueTarget.at(verdict), GlueTarget.how(verdict, subject));
    }

    /**
     * A changed logical type passes Avro's rules, every registry's included, yet gives consumers other values
     * ({@link AvroLogicalTypeChanges}): said as warnings, the verdict stays the registry's.
     */
    private static void warnOfLogicalTypeChanges(CliEnvironment env, SchemaText older, SchemaText candidate, String what) {
        for (String change : AvroLogicalTypeChanges.between(older, candidate)) {
            env.err().println("warning: " + change + " (compared with " + what + ")");
        }
    }

    private String onlineWhat(OnlineVerdict verdict) {
        return verdict.byRegistry() ? "judged by " + against.registry.named()
                : "judged by cdc-toolkit's offline " + verdict.rules().id() + " rules against " + verdict.versions()
                + (verdict.versions() == 1 ? " version" : " versions") + " fetched from " + against.registry.describe();
    }

    /** Prints the verdict; {@code at} is {@code " at LEVEL"}, or empty when no level judged (Glue: a new schema …). */
    private int report(CliEnvironment env, CompatibilityResult result, String at, String what) {
        if (result.compatible()) {
            env.err().println("compatible: " + schema + " may be registered under " + subject + at + " (" + what + ")");
            return ExitCodes.OK;
        }
        result.problems().forEach(env.out()::println);
        env.err().println("incompatible: " + schema + " cannot be registered under " + subject + at
                + ": " + result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems")
                + " (" + what + ")");
        if (against.files != null) {
            List<String> legend = new ArrayList<>();
            for (int i = 0; i < against.files.size(); i++) legend.add("version " + (i + 1) + " = " + against.files.get(i));
            env.err().println("  (" + String.join(", ", legend) + ")");
        }
        return ExitCodes.CHECK_FAILED;
    }

    private SchemaType schemaType() throws UsageProblem {
        return SchemaFiles.type(type, schema);
    }

    /** The {@code $ref}s to URIs already noted: the schema file may be an {@code --against} file too. */
    private final Set<String> notedUris = new HashSet<>();

    private SchemaText read(CliEnvironment env, Path file, SchemaType schemaType) throws UsageProblem {
        return schemaFiles.read(file, schemaType, ref -> {
            if (notedUris.add(ref)) {
                env.err().println("note: $ref " + ref + " names a document by a URI no --reference file has as its"
                        + " $id: everit fetches it to check the schema (give the document with --reference FILE to"
                        + " check offline)");
            }
        });
    }

    private static String describe(SchemaType schemaType) {
        return switch (schemaType) {
            case AVRO -> "Avro";
            case PROTOBUF -> "Protobuf";
            case JSON_SCHEMA -> "JSON Schema";
        };
    }
}
