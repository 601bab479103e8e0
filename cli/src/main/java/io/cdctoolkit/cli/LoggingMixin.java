package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code -v} / {@code -q}: how much is logged (to stderr; stdout carries only data). */
final class LoggingMixin {

    @CommandLine.Option(names = {"-v", "--verbose"}, description = "Log more (debug for cdc-toolkit).")
    boolean verbose;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "Log only errors.")
    boolean quiet;

    /** Applies the chosen verbosity to Logback. */
    void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        if (quiet) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
            context.getLogger("io.cdctoolkit").setLevel(Level.ERROR);
        } else if (verbose) {
            context.getLogger("io.cdctoolkit").setLevel(Level.DEBUG);
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        }
    }
}
