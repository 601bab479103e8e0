package io.cdctoolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdc-toolkit} top-level command: only holds the shared environment and subcommands. */
@Command(name = "cdc-toolkit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Change data capture from PostgreSQL, MySQL/MariaDB and SQL Server (or a datagen source)"
                + " into Kafka, stdout or a file, as Debezium-style JSON or, with a schema registry, Avro / Protobuf /"
                + " JSON Schema, through single-message transforms, field encryption and deduplication.",
                "Operations: an http: block in the config makes run serve /metrics (Prometheus), /health, /ready"
                        + " and /status; 'status' prints it (docs/operations.md)."},
        subcommands = {QuickstartCommand.class, RunCommand.class, StatusCommand.class, CheckCommand.class, BenchCommand.class, SpecCommand.class, InitCommand.class, DiscoverCommand.class, BackfillCommand.class, TopicsCommand.class, TailCommand.class, SchemaCommand.class,
                KeysCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 check failed, 2 usage or config error, 3 cannot reach a system,"
                + " 4 pipeline failed at run time."})
final class CdcToolkitCommand implements Runnable {

    private final CliEnvironment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CdcToolkitCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
