package io.cdctoolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keys}: the Tink keyset commands for field encryption (only holds its subcommands). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage the Tink keysets of field encryption (cdc_features.encryption.keyset):"
                + " generate a keyset file, rotate it (a new primary key; old keys still decrypt), show its keys.",
                "Key material is written only to keyset files, never printed."},
        subcommands = {KeysGenerateCommand.class, KeysRotateCommand.class, KeysShowCommand.class})
final class KeysCommand implements Runnable {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CliEnvironment environment() {
        return parent.environment();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a keys command is required (see --help)");
    }
}
