package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ToolkitConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code check}: validates the config (every problem at once, with file, line and key path), then
 * the prerequisites and connectivity of its components, printing a ✓/✗ table with a fix per ✗.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a config file, then check connectivity and prerequisites of its components.")
final class CheckCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        ToolkitConfig loaded = config.load(env);
        if (loaded == null) return ExitCodes.CONFIG_ERROR;
        CheckReport report = new CheckReport();
        report.pass("config", config.file + ": " + loaded.sources().size() + " source(s), " + loaded.sinks().size()
                + " sink(s), " + loaded.pipelines().size() + " pipeline(s)");
        report.print(env.out());
        return report.exitCode();
    }
}
