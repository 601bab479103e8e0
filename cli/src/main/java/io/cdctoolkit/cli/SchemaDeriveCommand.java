package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code schema derive}: the key and value subjects and registry schemas a table's records would get
 * under a config, printed without registering anything. The table's row schemas come from the
 * source's own reader run in a schema-only mode, through the source's transforms, so they are those a
 * pipeline registers.
 */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = {"Prints the subjects and registry schemas (key and value) a table's records (or a source's"
                + " transaction or message events) would get under a config, without registering anything. Connects"
                + " to the source (reads no rows, changes nothing).",
                "Exit 0 printed, 2 usage or config error (unknown source or table), 3 source unreachable, 4 the"
                        + " source failed while reading the schema."})
final class SchemaDeriveCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.ArgGroup(multiplicity = "1")
    Records records;

    /** Whose records: a table's, or the source's events that are no table's changes. */
    static final class Records {

        @CommandLine.Option(names = "--table", required = true, paramLabel = "T",
                description = "The table: database.schema.table or schema.table (PostgreSQL), database.table or table"
                        + " (MySQL/MariaDB); a shorter name uses the source's database. datagen:"
                        + " namespace.stream_name or stream_name.")
        String table;

        @CommandLine.Option(names = "--events", required = true, paramLabel = "transaction|message",
                description = "Instead of a table, the source's transaction BEGIN/END events (PostgreSQL with"
                        + " transaction_metadata: true) or its logical decoding messages (with message_prefixes):"
                        + " they go to topics of their own.")
        NonTableEvents events;
    }

    /** The kinds of a source's events that are no table's changes, by the table name those events carry. */
    enum NonTableEvents {
        transaction("transaction_metadata: true"), message("message_prefixes: [<prefix>, …]");

        private final String option;

        NonTableEvents(String option) {
            this.option = option;
        }
    }

    @CommandLine.Option(names = "--source", paramLabel = "NAME",
            description = "The source the table is captured by (needed when the config has several).")
    String sourceName;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT",
            description = "avro, protobuf or json_schema (default: the config's schema_registry.format).")
    String format;

    /** Which side {@code --only} prints. */
    enum Side { key, value }

    @CommandLine.Option(names = "--only", paramLabel = "key|value",
            description = "Print only this side's schema text on stdout (its subject on stderr), e.g. to save it"
                    + " as a file for `schema check --schema`.")
    Side only;

    @Override
    public Integer call() {
        logging.apply();
        return logging.quietSchemaProbes(this::derive);
    }

    private int derive() {
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        try (TableSchemaDeriver deriver = TableSchemaDeriver.of(env.catalog(), loaded, format, "--format")) {
            SourceDefinition source = SourceSelection.of(loaded, sourceName);
            TableSchemaDeriver.Derivation derivation = records.events != null
                    ? nonTableEvents(deriver, source, records.events) : deriver.derive(source,
                    NamedTables.parse(env, source, records.table, "--table"));
            if (only == null) {
                print(env.out(), derivation);
            } else {
                TableSchemaDeriver.Derived derived = single(derivation);
                TableSchemaDeriver.Part part = only == Side.key ? derived.key() : derived.value();
                if (part == null) throw new UsageProblem(derived.table() + " has no primary key: its records have no key schema");
                env.out().println(part.schema().text().text());
                env.err().println("subject: " + part.subject() + " (topic " + derived.topic() + ")");
            }
            deriver.notes(source).forEach(n -> env.err().println("note: " + n));
            return ExitCodes.OK;
        } catch (UsageProblem | ConfigException | ConnectivityException | FatalException e) {
            return config.reportFailure(env, e);
        }
    }

    /** The derivation of the source's events of that kind; a usage error when its options do not turn them on. */
    private static TableSchemaDeriver.Derivation nonTableEvents(TableSchemaDeriver deriver, SourceDefinition source,
                                                                NonTableEvents kind)
            throws UsageProblem, ConfigException, ConnectivityException {
        List<TableSchemaDeriver.Derivation> all = deriver.deriveNonTableEvents(source);
        return all.stream().filter(d -> d.table().table().equals(kind.name())).findFirst()
                .orElseThrow(() -> new UsageProblem("--events " + kind + ": source '" + source.name() + "' ("
                        + source.connector() + ") writes no " + kind + " events under its options (a PostgreSQL"
                        + " source writes them with " + kind.option + ")"));
    }

    /** The one shape with a value that {@code --only} prints. */
    private static TableSchemaDeriver.Derived single(TableSchemaDeriver.Derivation derivation) throws UsageProblem {
        List<TableSchemaDeriver.Derived> withValue = derivation.withValue();
        if (withValue.isEmpty()) {
            throw new UsageProblem(derivation.table() + ": the transforms drop every event (or leave only tombstones):"
                    + " nothing is registered");
        }
        if (withValue.size() > 1) {
            throw new UsageProblem(derivation.table() + ": the transforms emit " + withValue.size()
                    + " different shapes; run without --only to see them all");
        }
        return withValue.get(0);
    }

    /** Every shape of a table's records after the transforms, or that the transforms drop them all. */
    static void print(PrintStream out, TableSchemaDeriver.Derivation derivation) {
        if (derivation.outputs().isEmpty()) {
            out.println(heading(derivation.origin(), derivation.table(), derivation.source())
                    + ": the transforms drop every event: nothing is written or registered");
            return;
        }
        if (derivation.outputs().size() > 1) {
            out.println(heading(derivation.origin(), derivation.table(), derivation.source())
                    + ": the transforms emit " + derivation.outputs().size() + " shapes; each is shown");
        }
        derivation.outputs().forEach(d -> print(out, d));
    }

    /** {@code # table db.public.orders (source pg)}, or {@code # events db.transaction (source pg)}. */
    private static String heading(TableSchemaDeriver.Origin origin, TableId table, String source) {
        return "# " + origin.name().toLowerCase(java.util.Locale.ROOT) + " " + table + " (source " + source + ")";
    }

    /** The exact registry texts, each after a header line naming the side and its subject. */
    static void print(PrintStream out, TableSchemaDeriver.Derived d) {
        out.println(heading(d.origin(), d.table(), d.source()) + " -> topic " + d.topic() + ", "
                + d.type().name().toLowerCase(java.util.Locale.ROOT));
        if (d.key() == null) {
            out.println("# key: none (records have a null key)");
        } else {
            out.println("# key subject: " + d.key().subject() + " (" + d.key().schema().recordName() + ")");
            out.println(d.key().schema().text().text());
        }
        if (d.value() == null) {
            out.println("# value: none (tombstones: a null value, no value schema is registered)");
        } else {
            out.println("# value subject: " + d.value().subject() + " (" + d.value().schema().recordName() + ")");
            out.println(d.value().schema().text().text());
        }
    }
}
