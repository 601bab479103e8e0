package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.function.IntSupplier;

/** {@code -v} / {@code -q} / {@code --log-format}: how much is logged, and how (to stderr; stdout carries only data). */
final class LoggingMixin {

    /** How log lines are written. */
    enum LogFormat { text, json }

    @CommandLine.Option(names = {"-v", "--verbose"}, description = "Log more (debug for cdc-toolkit).")
    boolean verbose;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "Log only errors.")
    boolean quiet;

    @CommandLine.Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON object per line for log shippers "
                    + "(timestamp, level, loggerName, threadName, mdc.pipeline, formattedMessage, throwable).")
    LogFormat logFormat = LogFormat.text;

    /** Applies the chosen verbosity and format to Logback. */
    void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        routeJavaUtilLogging();
        if (quiet) {
            // Every logger logback.xml gives a level (the third-party ones at WARN) as well as the root.
            for (Logger logger : context.getLoggerList()) {
                if (logger.getLevel() != null && logger.getLevel().levelInt < Level.ERROR_INT) {
                    logger.setLevel(Level.ERROR);
                }
            }
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
        } else if (verbose) {
            context.getLogger("io.cdctoolkit").setLevel(Level.DEBUG);
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        }
        if (logFormat == LogFormat.json) useJson(context);
    }

    /**
     * Runs {@code command} with Debezium's own log lines silenced, unless {@code -v}: for the commands whose Debezium
     * runs are all schema-only probes whose outcome the command reports itself ({@code check}, {@code topics},
     * {@code schema derive}). Each probe logged its start-up warnings, and a table it cannot read three ERROR/WARN
     * lines per failed run ({@code Error during snapshot (… permission denied …)}, {@code The maximum number of 0
     * retries has been attempted}, {@code Snapshot was not completed successfully}) above a report that names the
     * table and PostgreSQL's reason already: 12 such lines for one table of two, 67 for one of 1,000. The level is
     * given back afterwards (commands run in-process in tests).
     */
    int quietSchemaProbes(IntSupplier command) {
        if (verbose || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return command.getAsInt();
        Logger debezium = context.getLogger("io.debezium");
        Level before = debezium.getLevel();
        debezium.setLevel(Level.OFF);
        try {
            return command.getAsInt();
        } finally {
            debezium.setLevel(before);
        }
    }

    /**
     * Libraries that log through {@code java.util.logging} (the binlog client, pgjdbc) go to Logback too: otherwise
     * they wrote their own two-line format to stderr, between JSON lines with {@code --log-format json}, and past
     * {@code -q}. Logback's {@code LevelChangePropagator} (logback.xml) gives their loggers Logback's levels.
     */
    static void routeJavaUtilLogging() {
        if (SLF4JBridgeHandler.isInstalled()) return;
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Logback's own JSON encoder on every console appender of the root logger. */
    private static void useJson(LoggerContext context) {
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
             it.hasNext(); ) {
            if (!(it.next() instanceof OutputStreamAppender<ILoggingEvent> appender)) continue;
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // The formatted message is what a reader needs; the raw template and arguments would only repeat it.
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.start();
            appender.stop();
            appender.setEncoder(encoder);
            appender.start();
        }
    }
}
