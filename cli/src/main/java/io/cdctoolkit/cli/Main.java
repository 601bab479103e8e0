package io.cdctoolkit.cli;

import picocli.CommandLine;

/** Entry point of the {@code cdc-toolkit} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        UtcDefaultTimeZone.applyUnless(System.getProperty("user.timezone"));
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Runs one command line and returns its exit code (in-process; used by tests). */
    static int run(CliEnvironment env, String... args) {
        CommandLine cli = new CommandLine(new CdcToolkitCommand(env));
        cli.setOut(new java.io.PrintWriter(env.out(), true));
        cli.setErr(new java.io.PrintWriter(env.err(), true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            env.err().println("error: " + ex.getMessage());
            // An error no command expected: its stack, for a bug report, with --verbose only (a message is for users).
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected error in '{}'",
                    commandLine.getCommandName(), ex);
            return ExitCodes.PIPELINE_FAILED;
        });
        return cli.execute(args);
    }
}
