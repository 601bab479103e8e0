package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ComponentCatalog;

import java.io.PrintStream;
import java.util.Map;

/**
 * What commands read and write besides their arguments: data goes to {@code out}, status and
 * messages to {@code err}; {@code env} feeds {@code ${VAR}} substitution. Injected so tests can run
 * commands in-process.
 *
 * @param out        data output (stdout)
 * @param err        status, summaries and errors (stderr)
 * @param env        environment variables
 * @param catalog    the components on the class path
 * @param isTerminal whether {@code err} is an interactive terminal (live status line)
 */
record CliEnvironment(PrintStream out, PrintStream err, Map<String, String> env, ComponentCatalog catalog,
                      boolean isTerminal) {

    /** The real process environment. */
    static CliEnvironment system() {
        return new CliEnvironment(System.out, System.err, System.getenv(), ComponentCatalog.load(),
                System.console() != null);
    }
}
