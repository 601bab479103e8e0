package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.schema.compat.AvroLogicalTypeChanges;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.glue.GlueCompatibility;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.OnlineCompatibility;
import io.cdctoolkit.schema.registry.OnlineVerdict;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code schema check-tables}: may every table's records, as the tables are now, be registered? For each table a
 * config's sources capture (or those named), the key and value schemas the pipeline would register — read from the
 * database as {@code schema derive} reads them, after the transforms and cdc_features — are checked against their
 * subjects in the config's registry, as {@code schema check} checks one file: the CI step that runs after a migration
 * on a staging database and before the deploy, so that a table change the registry would refuse (and the pipeline
 * dead-letter) is found first. A changed Avro logical type, which every registry accepts, is a warning.
 */
@Command(name = "check-tables", mixinStandardHelpOptions = true,
        description = {"Checks whether the key and value schemas of every table the config's sources capture (as the"
                + " tables are now: read from the database, after the transforms) may be registered under their"
                + " subjects in the config's registry. Connects to the sources (reads no rows, changes nothing) and"
                + " the registry (registers nothing).",
                "Exit 0 every subject compatible (or new), 1 some incompatible (its problems on stdout), 2 usage or"
                        + " config error, 3 a source or the registry unreachable, 4 a source failed while reading"
                        + " the schemas."})
final class SchemaCheckTablesCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--source", paramLabel = "NAME",
            description = "Only this source's tables (default: every source that can tell its tables' schemas).")
    String sourceName;

    @CommandLine.Option(names = {"--table", "--tables"}, split = ",", paramLabel = "T",
            description = "Only this table (repeatable, or T1,T2; as `schema derive --table`; needs --source when the config"
                    + " has several sources). Default: the tables include_tables names, else every table the source"
                    + " captures.")
    List<String> tables;

    @CommandLine.Option(names = "--level", paramLabel = "LEVEL",
            description = "Check at this level instead of each subject's own (the registry's versions are then"
                    + " judged by the offline rules, as `schema check --level`).")
    String level;

    @CommandLine.Option(names = "--rules", paramLabel = "RULES",
            description = "confluent or apicurio: the rules applied with --level (default: the registry's, as"
                    + " `schema check`); with a glue registry the rules always judge (default: confluent).")
    String rules;

    /** One subject's schema to check, and where it comes from. */
    private record Candidate(TableSchemaDeriver.Part part, TableId table, String side) {
    }

    /** How the subjects fared. */
    private static final class Tally {
        int compatible;
        int fresh;
        int incompatible;
        int warnings;

        /** Prints and counts one subject's verdict: {@code compatible: what judged}, or the problems. */
        void verdict(PrintStream out, String what, String judged, CompatibilityResult result) {
            if (result.compatible()) {
                compatible++;
                out.println("compatible: " + what + judged);
            } else {
                incompatible++;
                out.println("incompatible: " + what + judged + ":");
                result.problems().forEach(p -> out.println("  " + p));
            }
        }

        /** Prints and counts the Avro logical type changes every registry accepts ({@link AvroLogicalTypeChanges}). */
        void logicalTypeChanges(PrintStream out, String what, SchemaText older, SchemaText candidate, String olderName) {
            for (String change : AvroLogicalTypeChanges.between(older, candidate)) {
                warnings++;
                out.println("warning: " + what + ": " + change + " (compared with " + olderName + ")");
            }
        }

        /** {@code 4 subjects checked against R: 3 compatible, 0 new, 1 incompatible; 1 warning}. */
        String summary(List<Candidate> candidates, String registry) {
            long subjects = candidates.stream().map(c -> c.part().subject()).distinct().count();
            // Two tables routed to one topic give one subject two schemas to check.
            String checked = subjects == candidates.size() ? subjects + (subjects == 1 ? " subject" : " subjects")
                    : candidates.size() + " schemas (" + subjects + " subjects)";
            return checked + " checked against " + registry + ": " + compatible + " compatible, " + fresh + " new, "
                    + incompatible + " incompatible; " + warnings + (warnings == 1 ? " warning" : " warnings");
        }
    }

    @Override
    public Integer call() {
        logging.apply();
        return logging.quietSchemaProbes(this::checkTables);
    }

    private int checkTables() {
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        try {
            CompatibilityLevel chosenLevel = level == null ? null : CompatibilityLevel.parse(level);
            RuleSet chosenRules = rules == null ? null : RuleSet.parse(rules);
            List<Candidate> candidates = candidates(env, loaded);
            if ("glue".equals(loaded.registry().mode())) {
                try (GlueSchemaRegistry glue = GlueTarget.open(env, loaded.registry())) {
                    Tally tally = new Tally();
                    for (Candidate c : candidates) checkInGlue(env.out(), glue, c, chosenLevel, chosenRules, tally);
                    env.err().println(tally.summary(candidates, glue.settings().describe()));
                    return tally.incompatible > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
                }
            }
            OnlineCompatibility online = ServiceLoader.load(OnlineCompatibility.class).findFirst().orElseThrow(
                    () -> new UsageProblem("check-tables needs the registry client, which is not in this build"));
            RegistryTarget target = new RegistryTarget();
            target.config = config.file;
            try (RegistryTarget.Opened registry = target.open(env, chosenRules)) {
                Tally tally = new Tally();
                for (Candidate c : candidates) check(env.out(), registry, online, c, chosenLevel, tally);
                env.err().println(tally.summary(candidates, registry.client().describe()));
                return tally.incompatible > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
            }
        } catch (RegistryTarget.ConfigInvalid e) {
            return ExitCodes.CONFIG_ERROR;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (UsageProblem | ConfigException | ConnectivityException | FatalException e) {
            return config.reportFailure(env, e);
        }
    }

    /** Every key and value schema of the chosen tables' records (and the sources' other events), once per text. */
    private List<Candidate> candidates(CliEnvironment env, ToolkitConfig loaded)
            throws UsageProblem, ConfigException, ConnectivityException {
        String mode = loaded.registry().mode();
        if (!"external".equals(mode) && !"glue".equals(mode)) throw RegistryTarget.notExternal(config.file, mode);
        List<SourceDefinition> sources = tables != null || sourceName != null
                ? List.of(SourceSelection.of(loaded, sourceName)) : List.copyOf(loaded.sources().values());
        Set<Candidate> out = new LinkedHashSet<>();
        try (TableSchemaDeriver deriver = TableSchemaDeriver.of(env.catalog(), loaded, null, "--format")) {
            for (SourceDefinition source : sources) {
                if (!deriver.canInspect(source)) {
                    if (sourceName != null) {
                        throw new UsageProblem("source '" + source.name() + "' (" + source.connector() + ") cannot"
                                + " tell its tables' schemas without capturing");
                    }
                    env.err().println("note: source " + source.name() + " (" + source.connector() + ") cannot tell"
                            + " its tables' schemas without capturing: not checked");
                    continue;
                }
                List<TableSchemaDeriver.Derivation> derivations = new ArrayList<>();
                List<TableId> chosen = tables == null ? deriver.tables(source) : named(env, source);
                // Read together: one schema-only run of the Debezium engine for them all, not one per table.
                try (TableSchemaInspector.SchemaReading reading = deriver.schemaReading(source, chosen)) {
                    for (TableId table : chosen) derivations.add(deriver.derive(source, reading.tableSchemas(table)));
                }
                if (tables == null) derivations.addAll(deriver.deriveNonTableEvents(source));
                for (TableSchemaDeriver.Derivation derivation : derivations) {
                    for (TableSchemaDeriver.Derived d : derivation.outputs()) {
                        if (d.key() != null) out.add(new Candidate(d.key(), d.table(), "key"));
                        if (d.value() != null) out.add(new Candidate(d.value(), d.table(), "value"));
                    }
                }
                deriver.notes(source).forEach(n -> env.err().println("note: " + n));
            }
        }
        if (out.isEmpty()) throw new UsageProblem("no table's records to check: the sources capture no table");
        return List.copyOf(out);
    }

    /** The tables {@code --table} names, parsed as the source names tables. */
    private List<TableId> named(CliEnvironment env, SourceDefinition source) throws UsageProblem, ConfigException {
        List<TableId> out = new ArrayList<>();
        for (String table : tables) out.add(NamedTables.parse(env, source, table, "--table"));
        return out;
    }

    /** {@link #check} against the Glue schema of the candidate's subject ({@link GlueTarget}). */
    private static void checkInGlue(PrintStream out, GlueSchemaRegistry glue, Candidate c, CompatibilityLevel chosenLevel,
                                    RuleSet chosenRules, Tally tally) throws ConnectivityException {
        String schemaName = c.part().subject();
        String what = schemaName + " (" + c.table() + ", " + c.side() + ")";
        SchemaText candidate = c.part().schema().text();
        GlueCompatibility.Verdict verdict = GlueTarget.check(glue, schemaName, candidate, chosenLevel, chosenRules);
        if (verdict.setting().isEmpty()) {
            tally.fresh++;
            out.println("new: " + what + ": no schema of that name in Glue yet");
            return;
        }
        tally.verdict(out, what, GlueTarget.at(verdict) + " (" + GlueTarget.how(verdict, schemaName) + ")",
                verdict.result());
        Optional<SchemaText> latest = verdict.latest().isPresent() ? verdict.latest()
                : GlueTarget.latest(glue, schemaName);
        if (latest.isPresent()) tally.logicalTypeChanges(out, what, latest.get(), candidate, "the latest version");
    }

    private static void check(PrintStream out, RegistryTarget.Opened registry, OnlineCompatibility online, Candidate c,
                              CompatibilityLevel chosenLevel, Tally tally) throws ConnectivityException {
        String subject = c.part().subject();
        String what = subject + " (" + c.table() + ", " + c.side() + ")";
        Optional<RegisteredSchema> latest = RegistryCommands.latest(registry.client(), subject);
        if (latest.isEmpty()) {
            tally.fresh++;
            out.println("new: " + what + ": no version registered yet");
            return;
        }
        OnlineVerdict verdict = online.check(registry.client(), subject, c.part().schema().text(), chosenLevel,
                registry.rules());
        String judged = " at " + verdict.checkedLevel() + (verdict.byRegistry() ? ""
                : " (cdc-toolkit's offline " + verdict.rules().id() + " rules against the registry's "
                + verdict.versions() + (verdict.versions() == 1 ? " version)" : " versions)"))
                + (verdict.byRegistry() && verdict.checkedLevel() == CompatibilityLevel.NONE
                ? " (the subject accepts any schema: set its level for a check that can fail)" : "");
        tally.verdict(out, what, judged, verdict.result());
        tally.logicalTypeChanges(out, what, latest.get().schema(), c.part().schema().text(),
                "version " + latest.get().version());
    }
}
