package io.cdctoolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code schema}: the schema registry commands (only holds its subcommands). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Schema registry commands: check a schema change (or every table as it is now) for compatibility,"
                + " register, get and list schemas, derive the schemas a table would get.",
        subcommands = {SchemaCheckCommand.class, SchemaCheckTablesCommand.class, SchemaRegisterCommand.class,
                SchemaGetCommand.class,
                SchemaSubjectsCommand.class, SchemaDeriveCommand.class})
final class SchemaCommand implements Runnable {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CliEnvironment environment() {
        return parent.environment();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a schema command is required (see --help)");
    }
}
